extension TimelinePlayhead {
    /// The step (or foot's half) at the playhead; nil in the tail.
    public var currentStep: TimelineStep? { timeline.step(at: position) }

    /// Timeline frames played so far (a skip counts the frames it jumped;
    /// pauses count nothing).
    public var elapsedFrames: Int64 { position }

    /// Timeline frames left until the end of the tail.
    public var remainingFrames: Int64 { timeline.sessionEnd - position }

    /// Past the guided part: only the fading sleep sound is left.
    public var isInTail: Bool { position >= timeline.guidedEnd }

    /// At the end of the tail: nothing more will play.
    public var isFinished: Bool { position >= timeline.sessionEnd }

    /// Events starting within `range` (e.g. the next block the driver renders).
    public func events(in range: Range<Int64>) -> ArraySlice<TimelineEvent> {
        timeline.events(in: range)
    }

    /// The frame of the next event at or after the playhead, for the driver
    /// to know how far it may render before it has something to do.
    public var nextEventFrame: Int64? { timeline.nextEventFrame(from: position) }
}
