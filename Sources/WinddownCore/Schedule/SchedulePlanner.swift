/// The planned starts a scheduler works from, as instants (epoch seconds).
/// `NightlySchedule` is the real one; tests may lay out any other.
public protocol PlannedStarts: Sendable {
    /// The first planned start strictly after `epochSeconds`.
    func nextStartInstant(after epochSeconds: Int64) -> Int64?
    /// The most recent planned start at or before `epochSeconds`.
    func latestStartInstant(atOrBefore epochSeconds: Int64) -> Int64?
}

/// The scheduler's decisions, with no clock and no I/O: given the time now
/// and what has been dealt with, whether to start a session, what to log as
/// skipped, and when to wake next. The daemon calls it whenever something
/// may have changed (its timer fired, the wall clock jumped, the machine
/// resumed, the configuration or the switch changed) and carries it out.
public struct SchedulePlanner: Sendable {
    /// A planned start that was passed over, and why.
    public struct Skipped: Equatable, Sendable {
        public enum Reason: Equatable, Sendable {
            /// Missed by more than `schedule.grace` (the machine was off or asleep).
            case late(bySeconds: Int64)
            /// `snooze` asked to skip it.
            case snoozed
        }

        public var start: Int64
        public var reason: Reason

        public init(start: Int64, reason: Reason) {
            self.start = start
            self.reason = reason
        }
    }

    /// What to do now.
    public struct Decision: Equatable, Sendable {
        /// The planned start to run a session for, right now.
        public var startNow: Int64?
        /// A planned start passed over (to be logged).
        public var skipped: Skipped?
        /// The state to keep (and write, when it changed).
        public var state: ScheduleState
        /// The next session the schedule will start (`next_run`), snoozed ones left out.
        public var nextRun: Int64?
        /// When to call `decide` again at the latest; nil: only when something changes.
        public var wakeAt: Int64?
        /// The remembered state lay too far in the future to be true (a clock
        /// that was wrong for a while, a hand-edited file) and was set aside.
        public var discardedFutureState = false
    }

    /// How far ahead of now a remembered start may lie and still be believed:
    /// a clock set back by up to this much never repeats a night, while a
    /// clock that was once far ahead cannot stall the schedule.
    public static let futureTolerance: Int64 = 2 * 86_400
    /// A snooze reaches a few nights ahead at most.
    public static let snoozeHorizon: Int64 = 32 * 86_400

    /// A start found this many seconds after its time is on time, whatever
    /// `schedule.grace` says: a timer's own wake-up latency is not "missed".
    public static let punctuality: Int64 = 5

    public let starts: any PlannedStarts
    /// `schedule.grace` in whole seconds.
    public let graceSeconds: Int64

    public init(starts: any PlannedStarts, graceSeconds: Int64) {
        self.starts = starts
        self.graceSeconds = max(0, graceSeconds)
    }

    /// The decision at `now`, with the schedule switched on or off.
    public func decide(now: Int64, state: ScheduleState, enabled: Bool) -> Decision {
        var state = state
        var discarded = false
        if let handled = state.lastHandled, handled > now + Self.futureTolerance {
            state.lastHandled = nil
            discarded = true
        }
        if let snoozed = state.snoozedThrough, snoozed > now + Self.snoozeHorizon {
            state.snoozedThrough = nil
            discarded = true
        }
        let latest = starts.latestStartInstant(atOrBefore: now)
        var decision = Decision(state: state)
        decision.discardedFutureState = discarded
        guard enabled, let handled = state.lastHandled else {
            // Switched off, or the very first run: starts already past are
            // behind us, never caught up later (turning the schedule on at
            // 22:40 does not start the 22:30 session).
            if let latest, latest > (state.lastHandled ?? .min) { state.lastHandled = latest }
            if !enabled { state.snoozedThrough = nil }
            decision.state = state
            if enabled { fillNext(&decision, now: now) }
            return decision
        }
        if let latest, latest > handled {
            state.lastHandled = latest
            let lateness = now - latest
            if let snoozed = state.snoozedThrough, latest <= snoozed {
                decision.skipped = Skipped(start: latest, reason: .snoozed)
            } else if lateness <= max(graceSeconds, Self.punctuality) {
                decision.startNow = latest
            } else {
                decision.skipped = Skipped(start: latest, reason: .late(bySeconds: lateness))
            }
        }
        if let snoozed = state.snoozedThrough, let last = state.lastHandled, snoozed <= last { state.snoozedThrough = nil }
        decision.state = state
        fillNext(&decision, now: now)
        return decision
    }

    /// `next_run` and the wake-up: the first planned start after now (and
    /// after the last one handled, so a clock set back never repeats a
    /// night), past any snoozed ones.
    private func fillNext(_ decision: inout Decision, now: Int64) {
        var next = starts.nextStartInstant(after: max(now, decision.state.lastHandled ?? now))
        // A snooze covers at most a few nights; the bound keeps a broken state file from looping.
        var hops = 0
        while let start = next, let snoozed = decision.state.snoozedThrough, start <= snoozed, hops < 400 {
            next = starts.nextStartInstant(after: start)
            hops += 1
        }
        decision.nextRun = next
        decision.wakeAt = next
    }

    /// The state after the plan itself changed (new times, zone or switch
    /// turned on): starts of the new plan that are already past count as
    /// handled, so a change never starts a session at once nor repeats a night.
    public func adopting(now: Int64, state: ScheduleState) -> ScheduleState {
        var state = state
        if let latest = starts.latestStartInstant(atOrBefore: now), latest > (state.lastHandled ?? .min) {
            state.lastHandled = latest
        }
        return state
    }

    /// `snooze`: the state that skips the next run; nil when nothing is scheduled.
    public func snoozing(now: Int64, state: ScheduleState, enabled: Bool) -> ScheduleState? {
        guard enabled, let next = decide(now: now, state: state, enabled: true).nextRun else { return nil }
        var state = state
        state.snoozedThrough = next
        return state
    }
}
