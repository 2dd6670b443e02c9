/// A guided routine: the ordered steps a session speaks, and how the
/// session's time is shared among them. Read from a TOML file (see
/// `config/routines/`); pure data, no I/O.
public struct Routine: Sendable, Equatable {
    /// Short name, as `session.routine` names it ("foot-massage").
    public var name: String
    /// A title for people ("Foot massage").
    public var title: String
    /// One or two sentences on what the routine is.
    public var summary: String
    /// Pace of the breathing tone during steps with `breathPacing`.
    public var breathing: BreathPattern
    public var steps: [RoutineStep]
    /// The session length the routine was written for (`length` in the
    /// file), if it says; a session may still be anywhere from
    /// `minimumLength` to `maximumLength`.
    public var length: Duration?

    public init(
        name: String, title: String, summary: String, breathing: BreathPattern = .init(), steps: [RoutineStep],
        length: Duration? = nil
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.breathing = breathing
        self.steps = steps
        self.length = length
    }
}

/// One step of a routine.
public struct RoutineStep: Sendable, Equatable {
    /// Unique within the routine, e.g. "arch-heel".
    public var id: String
    /// Shown by `winddownctl status`, e.g. "Arch and heel".
    public var title: String
    /// Spoken when the step begins.
    public var text: String
    /// How long the step lasts.
    public var timing: StepTiming
    /// Bounds for a step whose length scales with the session.
    public var minimum: Duration?
    public var maximum: Duration?
    /// Done once for the left foot, then again for the right: the step's
    /// time is split in two halves.
    public var perFoot: Bool
    /// Spoken at the start of the second foot's half (required with `perFoot`).
    public var switchText: String?
    /// Spoken shortly before the step (or each foot's half) ends, e.g. to
    /// say that a hold is over.
    public var endText: String?
    /// A soft chime just before the step's prompt.
    public var chime: Bool
    /// A breathing tone (in, then out) under the voice during the step.
    public var breathPacing: Bool
    /// `optional = N`: the step may be left out of a session too short for
    /// all of them, lowest N first; nil: it always stays.
    public var dropOrder: Int?
    /// `light = N`: the brightness, in percent, the lights reach as the
    /// step begins; nil: no cue.
    public var light: Int?

    public init(
        id: String, title: String, text: String, timing: StepTiming, minimum: Duration? = nil, maximum: Duration? = nil,
        perFoot: Bool = false, switchText: String? = nil, endText: String? = nil, chime: Bool = false,
        breathPacing: Bool = false, dropOrder: Int? = nil, light: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.text = text
        self.timing = timing
        self.minimum = minimum
        self.maximum = maximum
        self.perFoot = perFoot
        self.switchText = switchText
        self.endText = endText
        self.chime = chime
        self.breathPacing = breathPacing
        self.dropOrder = dropOrder
        self.light = light
    }
}

/// How a step's length is set.
public enum StepTiming: Sendable, Equatable {
    /// A relative share of the time left after fixed steps; scales with `session.duration`.
    case share(Double)
    /// Always this long, whatever the session's length.
    case fixed(Duration)
}

/// Breathing pace: seconds in, seconds out.
public struct BreathPattern: Sendable, Equatable {
    public var inhale: Duration
    public var exhale: Duration
    public init(inhale: Duration = .seconds(4), exhale: Duration = .seconds(6)) {
        self.inhale = inhale
        self.exhale = exhale
    }
}
