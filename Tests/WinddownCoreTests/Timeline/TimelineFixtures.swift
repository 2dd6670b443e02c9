import WinddownCore

/// Routines and settings for the timeline tests, built in code so they do
/// not depend on the shipped TOML files.
enum TimelineFixtures {
    static let sampleRate = 48_000

    /// Frames for whole or fractional seconds at the fixtures' rate.
    static func frames(_ seconds: Double) -> Int64 {
        FrameTime.frames(seconds: seconds, sampleRate: sampleRate)
    }

    /// Settings with the brief's defaults; every prompt speaks `clip`
    /// unless `clips` names its text (nil there means no clip).
    static func settings(
        guided: Duration = .seconds(15 * 60), fadeOut: Duration = .seconds(20 * 60), clip: Duration? = .seconds(4),
        clips: [String: Duration?] = [:]
    ) -> TimelineSettings {
        TimelineSettings(
            sampleRate: sampleRate, guided: guided, fadeOut: fadeOut,
            promptDuration: { text in clips[text] ?? clip })
    }

    /// Shaped like the shipped foot massage: chimed welcome and closing,
    /// per-foot massage steps, breath-paced acupressure holds with end cues
    /// and one fixed step. Its minimums add up to 4m48s, so it fits 5 minutes.
    static let footMassage = Routine(
        name: "foot-massage", title: "Foot massage", summary: "A guided foot massage.",
        steps: [
            step("welcome", share: 1, min: 10, max: 45, chime: true),
            step("warm-water", share: 1.5, min: 15, max: 120),
            step("settle", share: 1, min: 10, max: 60),
            step("oil", share: 1.5, min: 15, max: 90),
            step("arch-heel", share: 3, min: 24, max: 360, perFoot: true),
            step("toes", share: 3, min: 24, max: 360, perFoot: true),
            step("ball", share: 2, min: 20, max: 240, perFoot: true),
            step("reflex", share: 2, min: 20, max: 240, perFoot: true, endText: true),
            step("bubbling-spring", share: 1.5, min: 30, max: 120, perFoot: true, chime: true, breath: true, endText: true),
            step("tai-chong", share: 1.5, min: 30, max: 120, perFoot: true, breath: true, endText: true),
            RoutineStep(
                id: "shen-men", title: "Shen Men", text: "Shen Men text.", timing: .fixed(.seconds(60)),
                endText: "Shen Men end.", breathPacing: true),
            step("sweep", share: 1, min: 15, max: 120, perFoot: true),
            step("closing", share: 1, min: 15, max: 60, chime: true),
        ])

    /// A share step whose texts are derived from its id ("toes text.", "toes switch.", "toes end.").
    static func step(
        _ id: String, share: Double, min: Int64? = nil, max: Int64? = nil, perFoot: Bool = false, chime: Bool = false,
        breath: Bool = false, endText: Bool = false
    ) -> RoutineStep {
        RoutineStep(
            id: id, title: id.capitalizedFirst, text: "\(id) text.", timing: .share(share),
            minimum: min.map { .seconds($0) }, maximum: max.map { .seconds($0) }, perFoot: perFoot,
            switchText: perFoot ? "\(id) switch." : nil, endText: endText ? "\(id) end." : nil, chime: chime,
            breathPacing: breath)
    }

    /// A routine of the given steps.
    static func routine(_ steps: [RoutineStep], name: String = "test") -> Routine {
        Routine(name: name, title: name, summary: "", steps: steps)
    }

    static func make(_ routine: Routine, _ settings: TimelineSettings) throws -> SessionTimeline {
        try SessionTimeline.make(routine: routine, settings: settings)
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension SessionTimeline {
    /// Total frames of each routine step (both halves of a per-foot step).
    var routineStepLengths: [Int64] {
        var lengths: [Int64] = []
        for step in steps {
            if step.routineStepIndex == lengths.count { lengths.append(0) }
            lengths[step.routineStepIndex] += step.length
        }
        return lengths
    }

    func prompts(role: TimelinePrompt.Role) -> [TimelinePrompt] {
        prompts.filter { $0.role == role }
    }
}
