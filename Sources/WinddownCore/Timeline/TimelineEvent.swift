/// Something the session driver does at a frame of the timeline.
public enum TimelineEvent: Sendable, Equatable {
    /// A soft chime at a step's start.
    case chime(TimelineChime)
    /// A spoken prompt.
    case prompt(TimelinePrompt)
    /// The breathing tone during a step (or half) with breath pacing.
    case breathing(BreathingSpan)
    /// The mixer dips the sleep sound under speech.
    case duck(DuckWindow)

    /// The frame the event begins at; `SessionTimeline.events` is sorted by it.
    public var start: Int64 {
        switch self {
        case .chime(let chime): chime.frame
        case .prompt(let prompt): prompt.start
        case .breathing(let span): span.start
        case .duck(let window): window.start
        }
    }

    /// The first frame after the event; a chime is a moment (`end == start`).
    public var end: Int64 {
        switch self {
        case .chime(let chime): chime.frame
        case .prompt(let prompt): prompt.end
        case .breathing(let span): span.end
        case .duck(let window): window.end
        }
    }

    /// Order among events at the same frame: the duck begins before anything
    /// it is for, a chime before the speech, the tone last.
    var rank: Int {
        switch self {
        case .duck: 0
        case .chime: 1
        case .prompt: 2
        case .breathing: 3
        }
    }
}

public struct TimelineChime: Sendable, Equatable {
    public var frame: Int64
    /// Index in `SessionTimeline.steps`.
    public var step: Int

    public init(frame: Int64, step: Int) {
        self.frame = frame
        self.step = step
    }
}

/// `[start, end)` of the breathing tone, paced by `pattern`.
public struct BreathingSpan: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var pattern: BreathPattern
    /// Index in `SessionTimeline.steps`.
    public var step: Int

    public init(start: Int64, end: Int64, pattern: BreathPattern, step: Int) {
        self.start = start
        self.end = end
        self.pattern = pattern
        self.step = step
    }
}

/// `[start, end)` during which the sleep sound is ducked. The window
/// includes the lead and the release: the mixer starts its dip at `start`
/// and is back to the bed level at `end`.
public struct DuckWindow: Sendable, Equatable {
    public var start: Int64
    public var end: Int64

    /// The mixer takes this long to dip at `start`, and this long to come
    /// back after `end` (the plan's picture draws the same).
    public static let attackSeconds = 0.4
    public static let releaseSeconds = 1.2

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public var frames: Range<Int64> { start..<end }
}
