/// What a timeline step asks to hear, before prompts are placed: kept by the
/// timeline so that a skip can place the rest again.
struct StepCues: Sendable, Equatable {
    struct Clip: Sendable, Equatable {
        var text: String
        var role: TimelinePrompt.Role
        var length: Int64
        var hasAudio: Bool
    }

    /// The step's text (or, on the right foot's half, its switch text).
    var opening: Clip?
    var ending: Clip?
    var chime: Bool
    var breathing: BreathPattern?
}

/// The settings' lead and gap lengths, in frames.
struct CueSpacing: Sendable, Equatable {
    var chimeLead: Int64
    var promptGap: Int64
    var duckLead: Int64
    var duckRelease: Int64
    var endCueLead: Int64

    init(_ settings: TimelineSettings) {
        chimeLead = settings.frames(settings.chimeLead)
        promptGap = settings.frames(settings.promptGap)
        duckLead = settings.frames(settings.duckLead)
        duckRelease = settings.frames(settings.duckRelease)
        endCueLead = settings.frames(settings.endCueLead)
    }
}

extension StepCues {
    /// The cues of each half of `step` (one entry unless it is per foot).
    /// The chime sounds once, at the step's start; the right foot's half
    /// opens with the switch text instead of the step's text.
    static func halves(
        of step: RoutineStep, breathing: BreathPattern, clip: (String, TimelinePrompt.Role) -> Clip?
    ) -> [StepCues] {
        let pattern = step.breathPacing ? breathing : nil
        let ending = step.endText.flatMap { clip($0, .ending) }
        let first = StepCues(opening: clip(step.text, .opening), ending: ending, chime: step.chime, breathing: pattern)
        guard step.perFoot else { return [first] }
        let second = StepCues(
            opening: step.switchText.flatMap { clip($0, .switchFoot) }, ending: ending, chime: false,
            breathing: pattern)
        return [first, second]
    }
}
