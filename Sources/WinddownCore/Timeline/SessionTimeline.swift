/// A session laid out in frames of the audio clock: the guided steps, what
/// plays when, and the sleep sound's level. Pure data, built by
/// `SessionTimeline.make(routine:settings:)`; the mixer plays it and the
/// `SessionController` keeps its time.
public struct SessionTimeline: Sendable, Equatable {
    /// The routine's name.
    public let routine: String
    public let sampleRate: Int
    /// Tile `[0, guidedEnd)` in order, with no gaps.
    public let steps: [TimelineStep]
    /// Sorted by `start`; at equal frames ducks come first, then chimes,
    /// prompts and breathing spans, each in the order they were built.
    public let events: [TimelineEvent]
    /// The sleep sound's level on the timeline: fade in, hold, fade to silence over the tail.
    public let bedEnvelope: GainEnvelope
    /// The end of the guided part, where the tail begins.
    public let guidedEnd: Int64
    /// The end of the tail: the sleep sound is silent from here.
    public let sessionEnd: Int64

    /// Ids of the routine's optional steps this session leaves out, to fit
    /// its length; empty when every step plays.
    public let leftOut: [String]
    /// Where the routine's `light` cues fall, in timeline order.
    public let lightCues: [LightCue]

    /// With no tail (`fadeOut` 0) the sound still fades, over this long, ending at the guided end.
    public static let minimumFadeOut: Duration = .milliseconds(500)
    /// The id of the caution's step, when the session opens with it.
    public static let cautionStepID = "caution"
    /// The silence after the caution, before the routine's first step.
    static let cautionPause: Duration = .seconds(3)

    init(
        routine: String, sampleRate: Int, steps: [TimelineStep], events: [TimelineEvent], bedEnvelope: GainEnvelope,
        guidedEnd: Int64, sessionEnd: Int64, leftOut: [String] = [], lightCues: [LightCue] = []
    ) {
        self.routine = routine
        self.sampleRate = sampleRate
        self.steps = steps
        self.events = events
        self.bedEnvelope = bedEnvelope
        self.guidedEnd = guidedEnd
        self.sessionEnd = sessionEnd
        self.leftOut = leftOut
        self.lightCues = lightCues
    }
}

/// A step's `light` cue placed on the timeline: the lights reach `level`
/// percent at frame `start`, where the step begins.
public struct LightCue: Sendable, Equatable {
    public var step: String
    public var start: Int64
    public var level: Int
}

extension SessionTimeline {
    /// The same timeline with `id` added to what it leaves out.
    func leaving(out id: String) -> SessionTimeline {
        SessionTimeline(
            routine: routine, sampleRate: sampleRate, steps: steps, events: events, bedEnvelope: bedEnvelope,
            guidedEnd: guidedEnd, sessionEnd: sessionEnd, leftOut: [id] + leftOut, lightCues: lightCues)
    }

    public var prompts: [TimelinePrompt] {
        events.compactMap { if case .prompt(let prompt) = $0 { prompt } else { nil } }
    }

    public var chimes: [TimelineChime] {
        events.compactMap { if case .chime(let chime) = $0 { chime } else { nil } }
    }

    public var breathingSpans: [BreathingSpan] {
        events.compactMap { if case .breathing(let span) = $0 { span } else { nil } }
    }

    public var duckWindows: [DuckWindow] {
        events.compactMap { if case .duck(let window) = $0 { window } else { nil } }
    }

    /// The step playing at `frame`; nil in the tail (or before 0).
    public func step(at frame: Int64) -> TimelineStep? {
        // (`routine = "none"` has no steps at all.)
        guard frame >= 0, frame < guidedEnd, !steps.isEmpty else { return nil }
        let index = steps.partitionPoint { $0.end <= frame }
        return steps[index]
    }

    /// Events that start within `range`, in timeline order.
    public func events(in range: Range<Int64>) -> ArraySlice<TimelineEvent> {
        let first = events.partitionPoint { $0.start < range.lowerBound }
        let end = events[first...].partitionPoint { $0.start < range.upperBound }
        return events[first..<end]
    }

    /// The frame of the first event starting at or after `frame`.
    public func nextEventFrame(from frame: Int64) -> Int64? {
        let index = events.partitionPoint { $0.start < frame }
        return index < events.count ? events[index].start : nil
    }

    /// `frames` in seconds at this timeline's sample rate.
    public func seconds(_ frames: Int64) -> Double {
        FrameTime.seconds(frames: frames, sampleRate: sampleRate)
    }
}

// File-private so it cannot clash with a helper elsewhere in the module.
extension Collection {
    /// The first index whose element fails `isBefore`, for a collection
    /// already partitioned by it (a binary search).
    fileprivate func partitionPoint(where isBefore: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if isBefore(self[middle]) {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}
