#if canImport(Glibc)
    import Glibc
#endif
import Logging
import Synchronization
import WallClock
import WinddownCore
import Threads

/// Starts the nightly session on time. A thread of its own sleeps on a
/// `WallClockAlarm` until the next planned start, with nothing polling in
/// between, and decides afresh (through `SchedulePlanner`) whenever the
/// alarm is due, the wall clock is set or the machine resumes, the system's
/// time zone changes, or a command or a reload changes the plan. Every
/// change of what it remembers is written to the state folder before it acts.
public final class NightlyScheduler: Sendable {
    /// A planned start that is due now.
    struct DueStart: Sendable {
        let planned: ControlTimestamp
        /// How long after the planned instant it was noticed, in seconds.
        let lateness: Double
    }

    private struct State {
        var plan: SchedulePlan
        var memory: ScheduleState
        var nextRun: Int64?
        var stopped = false
    }

    private let state: Mutex<State>
    /// Held while writing the state file, so two threads never write at once
    /// and the last write is always the newest state.
    private let saving = Mutex<Void>(())
    private let alarm: WallClockAlarm
    private let store: ScheduleStore
    private let logger: Logger
    private let environment: [String: String]
    /// Starts a session for a due start (set once, before `start()`).
    private let onDue: Mutex<(@Sendable (DueStart) -> Void)?> = Mutex(nil)
    /// Told when `next_run` changes, for `STATUS=`.
    private let onChange: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

    init(
        schedule: Configuration.Schedule, stateFolder: String, environment: [String: String], logger: Logger
    ) throws(StartupError) {
        let plan: SchedulePlan
        do { plan = try SchedulePlan.make(schedule, environment: environment) } catch {
            throw StartupError("schedule.timezone: \(error)")
        }
        do {
            alarm = try WallClockAlarm(watching: "/etc", names: ["localtime", "timezone"])
        } catch {
            throw StartupError("cannot set up the schedule's timer: \(error)")
        }
        store = ScheduleStore(folder: stateFolder, logger: logger)
        self.logger = logger
        self.environment = environment
        state = Mutex(State(plan: plan, memory: store.load()))
    }

    func whenDue(_ action: @escaping @Sendable (DueStart) -> Void) { onDue.withLock { $0 = action } }
    func whenChanged(_ action: @escaping @Sendable () -> Void) { onChange.withLock { $0 = action } }

    /// Decides once at once (so `next_run` is known before `READY=1`), then
    /// follows the clock on a thread of its own.
    func start() throws(WorkerThread.StartError) {
        step()
        try WorkerThread.detach { [self] in
            while true {
                let wake = alarm.wait()
                if state.withLock({ $0.stopped }) { return }
                switch wake {
                case .clockChanged: logger.info("the wall clock was set or the machine resumed; planning the schedule again")
                case .watchedFileChanged: reloadSystemZone()
                case .due, .woken: break
                }
                step()
            }
        }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        alarm.wake()
    }

    // MARK: What the control socket asks

    /// `next_run`: the next start the schedule will make, or nil.
    var nextRun: ControlTimestamp? {
        state.withLock { state in state.nextRun.map { state.plan.timestamp($0) } }
    }

    var isEnabled: Bool {
        state.withLock { $0.memory.isEnabled(configured: $0.plan.configuredEnabled) }
    }

    /// `snooze`: skips the next run; returns the run skipped and the new next one.
    func snooze() throws(RefusedRequest) -> (skipped: ControlTimestamp, next: ControlTimestamp?) {
        let now = WallClockNow.read().seconds
        var undo: Undo?
        let result: Result<(ControlTimestamp, ControlTimestamp?), RefusedRequest> = state.withLock { state in
            let enabled = state.memory.isEnabled(configured: state.plan.configuredEnabled)
            guard enabled else { return .failure(RefusedRequest("the schedule is off; nothing to snooze (schedule on turns it on)")) }
            guard let snoozed = state.plan.planner.snoozing(now: now, state: state.memory, enabled: true),
                let skipped = snoozed.snoozedThrough
            else { return .failure(RefusedRequest("no nightly session is planned; nothing to snooze")) }
            let next = state.plan.planner.decide(now: now, state: snoozed, enabled: true).nextRun
            undo = Undo(memory: state.memory, nextRun: state.nextRun, written: snoozed)
            state.memory = snoozed
            state.nextRun = next
            return .success((state.plan.timestamp(skipped), next.map { state.plan.timestamp($0) }))
        }
        let (skipped, next) = try result.get()
        if let undo { try saveOrUndo(undo, "snooze") }
        logger.notice("snoozed: the session of \(skipped) will not run; next \(next?.description ?? "none")")
        alarm.wake()
        return (skipped, next)
    }

    /// `schedule on` / `schedule off`, kept across restarts.
    func setEnabled(_ enabled: Bool) throws(RefusedRequest) -> ControlTimestamp? {
        let now = WallClockNow.read().seconds
        let undo = state.withLock { state in
            let configured = state.plan.configuredEnabled
            let wasEnabled = state.memory.isEnabled(configured: configured)
            var memory = state.memory
            if enabled && !wasEnabled {
                // Starts that passed while it was off stay behind.
                memory = state.plan.planner.adopting(now: now, state: memory)
            } else if !enabled && wasEnabled {
                memory.snoozedThrough = nil
            }
            memory.setEnabled(enabled, configured: configured)
            let undo = Undo(memory: state.memory, nextRun: state.nextRun, written: memory)
            state.memory = memory
            state.nextRun = enabled ? state.plan.planner.decide(now: now, state: memory, enabled: true).nextRun : nil
            return undo
        }
        try saveOrUndo(undo, "schedule \(enabled ? "on" : "off")")
        logger.notice("the nightly schedule is \(enabled ? "on" : "off")")
        alarm.wake()
        return nextRun
    }

    /// A reloaded configuration: a new time, zone or grace takes effect at once.
    func reconfigure(_ schedule: Configuration.Schedule) throws(RefusedRequest) {
        let plan: SchedulePlan
        do { plan = try SchedulePlan.make(schedule, environment: environment) } catch {
            throw RefusedRequest("schedule.timezone: \(error)")
        }
        adopt(plan)
        alarm.wake()
    }

    /// Puts a new plan in place. When its times differ from the old ones,
    /// its starts already past count as handled: editing 22:30 to 22:00 at
    /// 22:10 does not start a session at once, and a zone moved west does
    /// not bring tonight's start round again. So does switching it on by
    /// an edit of `schedule.enabled`.
    private func adopt(_ plan: SchedulePlan) {
        let now = WallClockNow.read().seconds
        let changed = state.withLock { state -> Bool in
            let old = state.plan
            let turnedOn = !state.memory.isEnabled(configured: old.configuredEnabled)
                && state.memory.isEnabled(configured: plan.configuredEnabled)
            let moved = old.schedule.time != plan.schedule.time || old.schedule.weekdayOverrides != plan.schedule.weekdayOverrides
                || old.zone != plan.zone
            state.plan = plan
            guard moved || turnedOn else { return false }
            let adopted = plan.planner.adopting(now: now, state: state.memory)
            defer { state.memory = adopted }
            return adopted != state.memory
        }
        if changed { save() }
    }

    // MARK: The loop

    /// One decision: record it, log what was skipped, start what is due, re-arm.
    private func step() {
        let now = WallClockNow.read()
        let outcome = state.withLock { state -> (SchedulePlanner.Decision, SchedulePlan, changed: Bool, moved: Bool)? in
            guard !state.stopped else { return nil }
            let enabled = state.memory.isEnabled(configured: state.plan.configuredEnabled)
            let decision = state.plan.planner.decide(now: now.seconds, state: state.memory, enabled: enabled)
            let changed = decision.state != state.memory
            let moved = decision.nextRun != state.nextRun
            state.memory = decision.state
            state.nextRun = decision.nextRun
            return (decision, state.plan, changed, moved)
        }
        guard let (decision, plan, changed, moved) = outcome else { return }
        // Written before acting: a crash during the session's start-up does not run it twice.
        if changed { save() }
        if decision.discardedFutureState {
            logger.warning("the schedule's saved state lay in the future (the clock was wrong for a while?); starting from now")
        }
        if let skipped = decision.skipped {
            switch skipped.reason {
            case .snoozed: logger.notice("skipping the session of \(plan.timestamp(skipped.start)): snoozed")
            case .late(let seconds):
                logger.warning(
                    "missed the session of \(plan.timestamp(skipped.start)) by \(Duration.seconds(seconds).compactString), more than schedule.grace (\(Duration.seconds(plan.planner.graceSeconds).compactString)); skipping it"
                )
            }
        }
        if let due = decision.startNow {
            let lateness = Double(now.seconds - due) + Double(now.nanoseconds) / 1e9
            onDue.withLock { $0 }?(DueStart(planned: plan.timestamp(due), lateness: lateness))
        }
        do {
            try alarm.arm(atEpochSeconds: decision.wakeAt)
        } catch {
            logger.error("cannot arm the schedule's timer: \(error); the next start will be missed")
        }
        if moved {
            logger.info("next wind-down: \(decision.nextRun.map { plan.timestamp($0).description } ?? "none") (\(plan.zoneName))")
            onChange.withLock { $0 }?()
        }
    }

    /// `/etc/localtime` changed: when the schedule follows the system's zone, load it again.
    private func reloadSystemZone() {
        // Tools replace the link in two steps (remove, create): between them
        // there is no zone to read, and the old plan stays until the new one is there.
        guard environment["TZ"] == nil, FileSystem.kind(of: "/etc/localtime") == .file else { return }
        let current = state.withLock { state in state.plan.followsSystemZone ? state.plan : nil }
        guard let current, let plan = try? SchedulePlan.make(current.schedule, environment: environment),
            plan.zone != current.zone
        else { return }
        adopt(plan)
        logger.notice("the system time zone is now \(plan.zoneName); planning the schedule again")
    }

    /// Writes what is remembered now (not a copy taken earlier, which a
    /// command on another thread may have changed since).
    /// Writes the memory; a failure is logged (the schedule goes on from memory).
    private func save() {
        _ = try? write()
    }

    /// Writes the memory, one writer at a time; throws what failed.
    private func write() throws(StateFileError) {
        try saving.withLock { _ throws(StateFileError) in
            let (memory, zone) = state.withLock { ($0.memory, $0.plan.zone) }
            try store.save(memory, utcOffset: { zone.utcOffset(at: $0) })
        }
    }

    /// What a request changed, to take it back when it cannot be saved.
    private struct Undo {
        let memory: ScheduleState
        let nextRun: Int64?
        /// What the request put in place: only that is taken back, never a
        /// change the scheduler's own thread made since.
        let written: ScheduleState
    }

    /// A change asked for over the socket counts only once it is on disk:
    /// otherwise the memory goes back to what it was and the answer says
    /// so, with the state the schedule is in.
    private func saveOrUndo(_ undo: Undo, _ command: String) throws(RefusedRequest) {
        do { try write() } catch {
            let next = state.withLock { state -> ControlTimestamp? in
                if state.memory == undo.written {
                    state.memory = undo.memory
                    state.nextRun = undo.nextRun
                }
                return state.nextRun.map { state.plan.timestamp($0) }
            }
            let now = isEnabled ? "on, next run \(next?.description ?? "none")" : "off"
            throw RefusedRequest("\(command) not done: \(error); nothing changed, the schedule is still \(now)")
        }
    }
}
