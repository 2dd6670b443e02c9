/// Runs a `DimmingPlan` against a clock: the pure half of the dimming
/// driver, hummingbird style. It is told the time (a monotonic instant,
/// counted from the session's start) with every event and answers with the
/// call to make, if any; the driver sleeps until `nextDeadline` and makes
/// the calls. Tests drive it with made-up instants and never sleep.
///
/// Session time excludes pauses: `pause` holds the plan, `resume` moves
/// every call that is still ahead by the time paused. A skip changes
/// nothing here (only the session's end may come sooner: `sessionEnded`).
public struct DimmingSchedule: Sendable {
    public let plan: DimmingPlan
    /// The index of the next call to make.
    private var next = 0
    private var pausedSince: Duration?
    private var pausedTotal = Duration.zero
    /// True once the last call has been made, or `abort` or the session's
    /// end handled: no call is left.
    public private(set) var isOver = false
    /// True once `abort` or the session's end has been handled.
    private var closed = false

    public init(plan: DimmingPlan) {
        self.plan = plan
        isOver = plan.calls.isEmpty
    }

    /// Session time at monotonic instant `now`.
    public func sessionTime(at now: Duration) -> Duration {
        let held = pausedSince.map { now - $0 } ?? .zero
        return now - pausedTotal - held
    }

    public var isPaused: Bool { pausedSince != nil }
    /// Whether a call has been made (the lights are the hook's now).
    public var hasStarted: Bool { next > 0 }

    public mutating func pause(at now: Duration) {
        if pausedSince == nil { pausedSince = now }
    }

    public mutating func resume(at now: Duration) {
        guard let since = pausedSince else { return }
        pausedTotal += now - since
        pausedSince = nil
    }

    /// The newest call whose time has come; older ones that also came due
    /// are replaced by it (the lights never lag more than one call). Nil
    /// when none is due.
    public mutating func takeDue(at now: Duration) -> DimmingCall? {
        guard !isOver else { return nil }
        let time = sessionTime(at: now)
        var due: DimmingCall?
        while next < plan.calls.count, plan.calls[next].at <= time {
            due = plan.calls[next]
            next += 1
        }
        if next == plan.calls.count && due != nil { isOver = true }
        return due
    }

    /// The monotonic instant when the next call falls due; nil while paused
    /// or when no call is left.
    public var nextDeadline: Duration? {
        guard !isOver, pausedSince == nil, next < plan.calls.count else { return nil }
        return plan.calls[next].at + pausedTotal
    }

    /// The session was stopped: `abort` with the level reached, when the
    /// dimming has started and is not over yet (lights still on their way).
    public mutating func abort(at now: Duration) -> DimmingCall? {
        let time = sessionTime(at: now)
        defer { (isOver, closed) = (true, true) }
        guard !closed, hasStarted, time < plan.end, let level = plan.levelReached(at: time) else { return nil }
        return DimmingCall(at: time, phase: .abort, level: level, transition: .zero)
    }

    /// The session ended by itself: when it ends before the plan (a skip
    /// made it shorter), `end` with `to` and transition 0 so the lights are
    /// where the plan leaves them; nothing when no call was made yet or the
    /// last call was already made.
    public mutating func sessionEnded(at now: Duration) -> DimmingCall? {
        defer { (isOver, closed) = (true, true) }
        guard !closed, hasStarted, next < plan.calls.count else { return nil }
        return DimmingCall(at: sessionTime(at: now), phase: .end, level: plan.to, transition: .zero)
    }

    /// Where the lights are now, if the dimming has started.
    public func levelReached(at now: Duration) -> Int? {
        hasStarted ? plan.levelReached(at: sessionTime(at: now)) : nil
    }
}
