/// A running session's place on its timeline, as a pure state machine: the
/// driver feeds it the audio clock (`advance(by:)`) and control commands
/// (`pause()`, `resume()`, `skip()`), and carries out the returned actions.
/// No clocks, threads or audio in here, so tests drive it frame by frame.
public struct TimelinePlayhead: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case running
        case paused
    }

    /// The timeline being played. After a skip it holds only what is still
    /// to come, with the remaining prompts placed again.
    public private(set) var timeline: SessionTimeline
    /// The current timeline frame: everything before it has been handed out.
    public private(set) var position: Int64
    public private(set) var state: State

    /// A playhead at the start of `timeline`, running.
    public init(timeline: SessionTimeline) {
        self.timeline = timeline
        self.position = 0
        self.state = .running
    }

    /// The audio clock moved on by `frames`. The timeline moves with it only
    /// while running, and stops at the session's end. Returns the timeline
    /// frames that went by (empty while paused), e.g. for `events(in:)`.
    @discardableResult
    public mutating func advance(by frames: Int64) -> Range<Int64> {
        precondition(frames >= 0, "the audio clock only moves forward")
        let from = position
        if state == .running { position = min(timeline.sessionEnd, position + frames) }
        return from..<position
    }

    /// Stops the timeline where it is; refused when already paused or over.
    public mutating func pause() throws(PlayheadError) -> PlayheadAction {
        if isFinished { throw .sessionOver }
        guard state == .running else { throw .alreadyPaused }
        state = .paused
        return .fadeOut(at: position)
    }

    /// Lets the timeline move again; refused unless paused.
    public mutating func resume() throws(PlayheadError) -> PlayheadAction {
        if isFinished { throw .sessionOver }
        guard state == .paused else { throw .notPaused }
        state = .running
        return .fadeIn(at: position)
    }

    /// Jumps to the start of the next step (or foot's half); from the last
    /// one, to the tail. Refused in the tail. A paused session stays paused.
    public mutating func skip() throws(PlayheadError) -> PlayheadAction {
        if isFinished { throw .sessionOver }
        guard let current = currentStep else { throw .inTail }
        let target = current.index + 1
        let from = position
        let to = target < timeline.steps.count ? timeline.steps[target].start : timeline.guidedEnd
        let dropped = timeline.events.filter { $0.start < from && $0.end > from }
        timeline = timeline.rescheduled(from: target)
        position = to
        return .jump(from: from, to: to, droppedEvents: dropped)
    }
}
