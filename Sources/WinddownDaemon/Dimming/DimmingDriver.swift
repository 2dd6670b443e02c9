#if canImport(Glibc)
    import Glibc
#endif
import Clocks
import Logging
import WinddownCore
import Threads

/// Carries a session's `DimmingSchedule` out: a plain thread of its own
/// that sleeps until the next call falls due (or a pause, resume, stop or
/// the session's end wakes it), runs the hook for it and waits, so calls
/// never overlap; a call that falls due meanwhile replaces any older one
/// still waiting. While nothing is due it sleeps without a timeout: no
/// wake-ups. It ends after the session's end or stop has been handled.
final class DimmingDriver: @unchecked Sendable {
    // @unchecked: every field below `lock` is only touched with it held;
    // `runner` and `origin` never change.
    private let lock = ConditionLock()
    private var schedule: DimmingSchedule
    /// The `abort` or `end` that closes the plan, set by `abort()` or `sessionEnded()`.
    private var closing: DimmingCall?
    private var closed = false
    private var finished = false
    private var calls = 0
    private var failures = 0
    private let runner: HookRunner
    /// The monotonic instant the session started.
    private let origin: Duration
    /// Session seconds per wall second (`--speed`).
    private let speed: Int

    private init(plan: DimmingPlan, runner: HookRunner, speed: Int) {
        schedule = DimmingSchedule(plan: plan)
        self.runner = runner
        origin = SystemClock.now()
        self.speed = max(1, speed)
    }

    /// Starts the driver for a session laid out as `timeline`; nil when no hook is set.
    static func start(_ settings: DimmingSettings?, timeline: SessionTimeline, speed: Int = 1) -> DimmingDriver? {
        guard let settings, let hook = settings.dimming.hook else { return nil }
        let plan = DimmingPlan.make(settings.dimming, timeline: timeline)
        let runner = HookRunner(
            hook: hook, timeout: settings.dimming.timeout, baseEnvironment: settings.environment, logger: settings.logger)
        if plan.calls.isEmpty {
            settings.logger.notice("dimming.offset is past the session's end: no dimming in this session")
        } else {
            settings.logger.info(
                "dimming with \(runner.name): \(plan.calls.count) calls from \(plan.calls[0].at.compactString) to \(plan.end.compactString)")
        }
        let driver = DimmingDriver(plan: plan, runner: runner, speed: speed)
        do {
            try WorkerThread.detach { driver.run(logger: settings.logger) }
        } catch {
            settings.logger.error("no dimming in this session: \(error)")
            return nil
        }
        return driver
    }

    /// Session time since the start (the schedule's clock).
    private var now: Duration { (SystemClock.now() - origin) * speed }

    // MARK: Events, from any thread

    func pause() { update { $0.pause(at: now) } }
    func resume() { update { $0.resume(at: now) } }

    /// The session was stopped: `abort` with the level reached, if the lights are still dimming.
    func abort() { close { $0.abort(at: now) } }

    /// The session ended by itself: `end` if it ended before the plan did.
    func sessionEnded() { close { $0.sessionEnded(at: now) } }

    /// Waits up to `timeout` for the last call to be made and the thread to end; true when it did.
    @discardableResult
    func waitUntilFinished(timeout: Duration) -> Bool {
        let deadline = SystemClock.now() + timeout
        return lock.withLock {
            while !finished {
                if !lock.wait(until: deadline) { return finished }
            }
            return true
        }
    }

    /// Where the lights are now, if the dimming has started.
    var levelReached: Int? { lock.withLock { schedule.levelReached(at: now) } }

    private func update(_ change: (inout DimmingSchedule) -> Void) {
        lock.withLock {
            change(&schedule)
            lock.broadcast()
        }
    }

    private func close(_ last: (inout DimmingSchedule) -> DimmingCall?) {
        lock.withLock {
            guard !closed else { return }
            closed = true
            closing = last(&schedule)
            lock.broadcast()
        }
    }

    // MARK: The driver's thread

    private func run(logger: Logger) {
        while let call = nextCall() {
            let outcome = runner.run(call)
            let failed = !outcome.succeeded
            lock.withLock {
                calls += 1
                if failed { failures += 1 }
            }
            if failed { logger.warning("dimming hook \(runner.name) \(call): \(outcome)") }
        }
        let (made, failed) = lock.withLock { (calls, failures) }
        let summary = "dimming: \(made) hook call\(made == 1 ? "" : "s"), \(failed) failed"
        if failed > 0 { logger.warning("\(summary)") } else { logger.info("\(summary)") }
        lock.withLock {
            finished = true
            lock.broadcast()
        }
    }

    /// Sleeps until a call is due and returns it; nil once the plan is closed and its last call made.
    private func nextCall() -> DimmingCall? {
        lock.withLock {
            while true {
                if closed {
                    defer { closing = nil }
                    return closing
                }
                if let due = schedule.takeDue(at: now) { return due }
                if let deadline = schedule.nextDeadline {
                    _ = lock.wait(until: origin + deadline / speed)
                } else {
                    lock.wait()
                }
            }
        }
    }
}

/// What a session's dimming needs besides its timeline.
struct DimmingSettings: Sendable {
    var dimming: Configuration.Dimming
    /// The hook's environment, without the call's values.
    var environment: [String: String]
    var logger: Logger

    /// Settings for a session, or nil when `dimming.hook` is unset.
    /// `hooks.env` is looked for next to the configuration file.
    init?(_ dimming: Configuration.Dimming, configurationPath: String, stateFolder: String?, session: String, logger: Logger) {
        guard dimming.hook != nil else { return nil }
        self.dimming = dimming
        let folder = configurationPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        environment = HookRunner.baseEnvironment(
            daemon: ProcessEnvironment.current, session: session,
            hookEnvironmentFile: (folder.isEmpty ? "." : folder) + "/hooks.env", stateFolder: stateFolder)
        self.logger = logger
    }
}
