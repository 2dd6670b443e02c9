#if canImport(Glibc)
    import Glibc
#endif
import ALSA
public import Logging
import Synchronization
public import WinddownAudio
public import WinddownCore

/// The running daemon's state and what each control request does to it.
/// State sits behind one lock that is only ever held briefly; work that
/// takes time (preparing a session's prompts, a reload) runs in tasks and
/// answers when done.
public final class DaemonCore: ControlHandler, Sendable {
    enum Activity {
        case idle
        /// Preparing prompts and opening the device.
        case starting
        case playing(RunningSession)
    }

    struct State {
        var configuration: Configuration
        var configurationPath: String?
        var activity: Activity = .idle
        var paused = false
        var stopping = false
        /// The session ended because it stayed paused too long.
        var pauseExpired = false
        var volume: Int
    }

    private let state: Mutex<State>
    private let locator: ConfigurationLocator
    private let logger: Logger
    private let history: HistoryLog?
    /// The nightly schedule; nil for a daemon without one (tests of the core alone).
    private let scheduler: NightlyScheduler?
    /// Told about every change the service manager should show (`STATUS=`, reloads).
    private let observer: @Sendable (DaemonEvent) -> Void

    public init(
        configuration: Configuration, path: String?, locator: ConfigurationLocator, history: HistoryLog?,
        scheduler: NightlyScheduler? = nil, logger: Logger, observer: @escaping @Sendable (DaemonEvent) -> Void = { _ in }
    ) {
        state = Mutex(State(configuration: configuration, configurationPath: path, volume: configuration.audio.volume))
        self.locator = locator
        self.history = history
        self.scheduler = scheduler
        self.logger = logger
        self.observer = observer
    }

    // MARK: Requests

    public func handle(_ request: ControlRequest, peer: ControlAccess.Peer, reply: @escaping @Sendable (ControlResponse) -> Void) {
        switch request {
        case .ping: reply(.ok)
        case .status: reply(.status(statusReport()))
        case .start(let routine, let duration): start(routine: routine, duration: duration, trigger: .request, reply: reply)
        case .stop: reply(respond { try self.stop(fadeSeconds: SessionPlayer.stopFadeSeconds) })
        case .pause: reply(respond { try self.pause() })
        case .resume: reply(respond { try self.resume() })
        case .skip: reply(respond { try self.skip() })
        case .volume(let change):
            do { reply(.success(["volume": .int(try setVolume(change))])) } catch { reply(.failure("\(error)")) }
        case .reload: reply(respond { try self.reload() })
        case .history(let limit):
            guard let history else {
                reply(.failure("no state folder, so no history"))
                return
            }
            reply(.history(history.recent(limit)))
        case .next, .snooze, .schedule:
            guard let scheduler else {
                reply(.failure("this daemon runs without a nightly schedule"))
                return
            }
            reply(scheduleResponse(request, scheduler))
        }
    }

    /// `next`, `snooze`, `schedule on|off`: each answers with `next_run`.
    private func scheduleResponse(_ request: ControlRequest, _ scheduler: NightlyScheduler) -> ControlResponse {
        func nextRun(_ timestamp: ControlTimestamp?) -> JSONValue { timestamp.map { .string($0.description) } ?? .null }
        switch request {
        case .snooze:
            do {
                let (skipped, next) = try scheduler.snooze()
                observer(.changed)
                return .success(["snoozed": .string(skipped.description), "next_run": nextRun(next)])
            } catch {
                return .failure(error.description)
            }
        case .schedule(let enabled):
            do {
                let next = try scheduler.setEnabled(enabled)
                observer(.changed)
                return .success(["schedule": .string(enabled ? "on" : "off"), "next_run": nextRun(next)])
            } catch {
                return .failure(error.description)
            }
        default:
            return .success(["next_run": nextRun(scheduler.nextRun), "schedule": .string(scheduler.isEnabled ? "on" : "off")])
        }
    }

    /// A session paused this long is ended (and recorded as stopped).
    static let maximumPause = Duration.seconds(3600)

    /// A start of the nightly schedule: a session like `start` with the
    /// configured routine, unless one is already playing (started by hand).
    func startScheduled(_ due: NightlyScheduler.DueStart) {
        // Milliseconds when on time (what the firing-delay benchmark reads), seconds when caught up late.
        let lateness = due.lateness < 1 ? "\((due.lateness * 10_000).rounded() / 10) ms" : "\(Int64(due.lateness)) s"
        guard isIdle else {
            logger.notice("the nightly session of \(due.planned) is due, but a session is already running; not starting a second one")
            return
        }
        logger.notice("starting the nightly session of \(due.planned) (\(lateness) after its time)")
        start(routine: nil, duration: nil, trigger: .schedule) { [logger] response in
            if case .failure(let message) = response { logger.error("the nightly session did not start: \(message)") }
        }
    }

    private func respond(_ action: () throws -> Void) -> ControlResponse {
        do {
            try action()
            return .ok
        } catch {
            return .failure("\(error)")
        }
    }

    // MARK: Status

    public func statusReport() -> StatusReport {
        state.withLock { state in
            switch state.activity {
            case .idle, .starting:
                return StatusReport(state: .idle, nextRun: scheduler?.nextRun, volume: state.volume)
            case .playing(let session):
                let step = session.currentStep.map {
                    StatusReport.Step(index: $0.position, count: $0.count, title: $0.title)
                }
                return StatusReport(
                    state: state.stopping ? .stopping : (state.paused ? .paused : .running), routine: session.routine,
                    step: step, elapsedSeconds: session.elapsedSeconds, remainingSeconds: session.remainingSeconds,
                    nextRun: scheduler?.nextRun, dimmingLevel: session.dimming?.levelReached, volume: state.volume)
            }
        }
    }

    /// One line for `STATUS=`: what a person wants to read in `systemctl status`.
    public func statusLine() -> String {
        let report = statusReport()
        func clock(_ seconds: Int) -> String {
            let s = seconds % 60
            return "\(seconds / 60):\(s < 10 ? "0" : "")\(s)"
        }
        switch report.state {
        case .idle:
            guard let scheduler else { return "idle" }
            guard let next = report.nextRun else { return scheduler.isEnabled ? "idle, nothing scheduled" : "idle, schedule off" }
            return "idle, next wind-down \(ControlText.dayAndTime(next))"
        case .stopping: return "stopping"
        case .paused, .running:
            let what = report.step.map { "step \($0.index)/\($0.count) \($0.title)" } ?? "fading out"
            let left = report.remainingSeconds.map { ", \(clock($0)) left" } ?? ""
            return "\(report.state == .paused ? "paused" : "running"): \(what)\(left)"
        }
    }

    // MARK: Session control

    private func start(
        routine: RoutineReference?, duration: Duration?, trigger: HistoryEntry.Trigger,
        reply: @escaping @Sendable (ControlResponse) -> Void
    ) {
        var routine = routine
        if let asked = routine {
            switch Self.checked(asked) {
            case .success(let resolved): routine = resolved
            case .failure(let refusal):
                reply(.failure(refusal.description))
                return
            }
        }
        let configuration: Configuration? = state.withLock { state in
            guard case .idle = state.activity else { return nil }
            state.activity = .starting
            state.paused = false
            state.stopping = false
            state.pauseExpired = false
            state.volume = state.configuration.audio.volume
            var configuration = state.configuration
            if let routine { configuration.session.routine = routine }
            if let duration { configuration.session.duration = duration }
            return configuration
        }
        guard let configuration else {
            reply(.failure("a session is already running; stop it first"))
            return
        }
        let started = LocalTime.now()
        let routineName = configuration.session.routine.description
        var sessionLogger = logger
        sessionLogger[metadataKey: "session"] = "\(started.epochSeconds)"
        sessionLogger[metadataKey: "routine"] = "\(routineName)"
        let logger = sessionLogger
        let configurationPath = state.withLock { $0.configurationPath }
        // A thread of its own rather than a task: the daemon never starts
        // Swift's worker pool, whose monitor would wake it every second.
        do {
            try WorkerThread.detach {
                self.run(configuration, path: configurationPath, started: started, trigger: trigger, logger: logger, reply: reply)
            }
        } catch {
            state.withLock { $0.activity = .idle }
            logger.error("cannot start a session: \(error)")
            reply(.failure("cannot start a session: \(error)"))
        }
    }

    /// The session's own thread: prepares and plays it, then records it.
    private func run(
        _ configuration: Configuration, path configurationPath: String?, started: (epochSeconds: Int64, utcOffset: Int),
        trigger: HistoryEntry.Trigger, logger: Logger, reply: @escaping @Sendable (ControlResponse) -> Void
    ) {
        let routineName = configuration.session.routine.description
        do {
            let session = try self.launch(configuration, path: configurationPath, session: "\(started.epochSeconds)", logger: logger)
            self.history?.sessionBegan(
                started: ControlTimestamp(epochSeconds: started.epochSeconds, utcOffset: started.utcOffset),
                routine: session.routine, trigger: trigger)
            self.state.withLock { $0.activity = .playing(session) }
            self.observer(.sessionStarted(routine: session.routine))
            reply(.success(["routine": .string(session.routine), "remaining_s": .int(session.remainingSeconds)]))
            self.follow(session, started: started, trigger: trigger, logger: logger)
        } catch {
            self.state.withLock { $0.activity = .idle }
            self.logger.error("cannot start a session: \(error)")
            reply(.failure("cannot start a session: \(error)"))
            self.record(started: started, routine: routineName, outcome: .failed, reason: "\(error)", trigger: trigger)
            self.observer(.sessionEnded)
        }
    }

    /// The routine a client asked for, checked before anything changes: a
    /// name must be in a folder, a path inside one of the routine folders
    /// (the socket must not open files its client could not read). A path
    /// comes back resolved, so what is later opened is what was checked,
    /// even if a link changes meanwhile; a name stays a name (its folders
    /// belong to the administrator). A refused request is no night, so it
    /// leaves no history either.
    private static func checked(_ routine: RoutineReference) -> Result<RoutineReference, RefusedRequest> {
        if routine == Routine.sleepSoundOnlyReference { return .success(routine) }
        let library = RoutineLibrary.standard()
        guard case .file(let path) = routine else {
            do { _ = try library.path(for: routine) } catch {
                return .failure(RefusedRequest("start: \(error.problems.first?.message ?? error.description)"))
            }
            return .success(routine)
        }
        // A missing file is judged by its folder, so that the answer never
        // tells a client whether a file outside the routine folders exists.
        let folder = FileSystem.folder(of: path)
        let missing = FileSystem.kind(of: path) == .missing
        let inside = missing ? library.pathInsideFolders(folder.isEmpty ? "." : folder) : library.pathInsideFolders(path)
        guard let resolved = inside else {
            return .failure(RefusedRequest(
                "start: routine=\(path) is not inside a routine folder (\(library.folders.joined(separator: ", ")));"
                    + " give a routine name, or a path inside one of them"))
        }
        if missing { return .failure(RefusedRequest("start: routine=\(path): no such file")) }
        return .success(.file(path: resolved))
    }

    private func launch(_ configuration: Configuration, path: String?, session: String, logger: Logger) throws -> RunningSession {
        let prepared = try PreparedSession.prepareSynchronously(
            configuration: configuration, seed: UInt64.random(in: 1...UInt64.max), logger: logger
        ) {
            Self.speakMissingPrompts(configurationPath: path, routine: configuration.session.routine, logger: logger)
        }
        let dimming = DimmingSettings(
            configuration.dimming, configurationPath: path ?? locator.path, stateFolder: history?.folder, session: session, logger: logger)
        return try RunningSession.start(prepared, dimming: dimming, logger: logger)
    }

    /// Runs `winddownd prepare-voice` to speak the prompts that have no clip
    /// yet into the cache (it uses swift-subprocess, and with it Swift's
    /// worker pool, which this long-lived process keeps out of).
    private static func speakMissingPrompts(configurationPath: String?, routine: RoutineReference, logger: Logger) {
        guard let executable = ChildProcess.ownExecutable() else { return }
        var arguments = ["prepare-voice", "--routine", routine.description]
        if let configurationPath { arguments += ["--config", configurationPath] }
        let status = ChildProcess.run(executable, arguments, timeoutSeconds: 300)
        if status != 0 { logger.error("speaking the routine's new prompts failed (\(status.map { "exit \($0)" } ?? "killed or not started"))") }
    }

    private func record(
        started: (epochSeconds: Int64, utcOffset: Int), routine: String, outcome: HistoryEntry.Outcome, reason: String? = nil,
        played: Int? = nil, trigger: HistoryEntry.Trigger
    ) {
        let ended = LocalTime.now()
        history?.append(
            HistoryEntry(
                started: ControlTimestamp(epochSeconds: started.epochSeconds, utcOffset: started.utcOffset),
                ended: ControlTimestamp(epochSeconds: ended.epochSeconds, utcOffset: ended.utcOffset), routine: routine,
                outcome: outcome, reason: reason, durationSeconds: played, trigger: trigger))
    }

    /// Keeps the prompts staged while the session plays, then records it in
    /// the history and returns to idle (in that order: a shutdown waiting for
    /// idle finds the session recorded).
    private func follow(
        _ session: RunningSession, started: (epochSeconds: Int64, utcOffset: Int), trigger: HistoryEntry.Trigger, logger: Logger
    ) {
        var lastStep: Int?
        var ticks = 0
        var pausedTicks = 0
        while !session.engine.isFinished {
            session.stage.prepare(upToTimelineFrame: session.engine.timelineFrames)
            if let step = session.currentStep, step.index != lastStep {
                lastStep = step.index
                var stepLogger = logger
                stepLogger[metadataKey: "step"] = "\(step.position)"
                stepLogger.info("step \(step.position)/\(step.count): \(step.title)\(step.foot.map { " (\($0.rawValue) foot)" } ?? "")")
            }
            // A pause holds the session's clock; one left for longer than
            // `maximumPause` (someone fell asleep) ends the session, so the
            // device is let go and the next night's start is not blocked.
            if state.withLock({ $0.paused && !$0.stopping }) {
                pausedTicks += 1
                if pausedTicks == Int(Self.maximumPause.components.seconds) * 2 {
                    logger.notice("paused for \(Self.maximumPause.compactString); ending the session")
                    state.withLock { $0.pauseExpired = true }
                    _ = try? stop(fadeSeconds: SessionPlayer.stopFadeSeconds)
                }
            } else {
                pausedTicks = 0
            }
            // STATUS= counts down while a session plays (and only then: idle, nothing wakes).
            ticks += 1
            if ticks % 20 == 0 { observer(.changed) }
            usleep(500_000)
        }
        let (stopped, expired) = state.withLock { ($0.stopping, $0.pauseExpired) }
        record(
            started: started, routine: session.routine, outcome: stopped ? .stopped : .completed,
            reason: expired ? "paused for too long" : (stopped ? "stopped early" : nil), played: session.elapsedSeconds,
            trigger: trigger)
        session.finishDimming()
        state.withLock { state in
            state.activity = .idle
            state.paused = false
            state.stopping = false
        }
        logger.info("session \(stopped ? "stopped" : "completed"): routine \(session.routine)")
        observer(.sessionEnded)
    }

    /// True when no session is starting or playing.
    public var isIdle: Bool {
        state.withLock { state in
            if case .idle = state.activity { return true }
            return false
        }
    }

    private func playing() throws(RefusedRequest) -> RunningSession {
        let session: RunningSession? = state.withLock { state in
            if case .playing(let session) = state.activity, !state.stopping { return session }
            return nil
        }
        guard let session else { throw RefusedRequest("no session is running") }
        return session
    }

    /// Fades out over `fadeSeconds` and ends the session; false when none was playing.
    @discardableResult
    public func stop(fadeSeconds: Double) throws(RefusedRequest) -> Bool {
        let session = try playing()
        state.withLock { $0.stopping = true }
        session.stop(fadeSeconds: fadeSeconds)
        observer(.changed)
        return true
    }

    private func pause() throws(RefusedRequest) {
        let session = try playing()
        let wasPaused = state.withLock { state -> Bool in
            defer { state.paused = true }
            return state.paused
        }
        guard !wasPaused else { throw RefusedRequest("the session is already paused") }
        session.pause()
        observer(.changed)
    }

    private func resume() throws(RefusedRequest) {
        let session = try playing()
        let wasPaused = state.withLock { state -> Bool in
            defer { state.paused = false }
            return state.paused
        }
        guard wasPaused else { throw RefusedRequest("the session is not paused") }
        session.resume()
        observer(.changed)
    }

    private func skip() throws(RefusedRequest) {
        let session = try playing()
        guard !state.withLock({ $0.paused }) else { throw RefusedRequest("the session is paused; resume it first") }
        try session.skip()
        observer(.changed)
    }

    private func setVolume(_ change: VolumeChange) throws(RefusedRequest) -> Int {
        let session = try playing()
        let level = state.withLock { state -> Int in
            state.volume = change.applied(to: state.volume, maximum: state.configuration.audio.maxVolume)
            return state.volume
        }
        session.setVolume(Double(level))
        return level
    }

    // MARK: Reload

    /// Re-reads the configuration. A valid one replaces the old (a playing
    /// session keeps its routine and timeline and takes the new volume); an
    /// invalid one is refused and the old one stays.
    public func reload() throws(RefusedRequest) {
        observer(.reloading)
        do {
            try applyReload()
            observer(.reloaded(failure: nil))
        } catch {
            observer(.reloaded(failure: error.description))
            throw error
        }
    }

    private func applyReload() throws(RefusedRequest) {
        let loaded: (Configuration, String?)
        do {
            loaded = try locator.load()
        } catch {
            let reason = ProblemLines.joined(error.problems.map(\.description))
            logger.error("reload refused, keeping the old configuration: \(reason)")
            throw RefusedRequest("configuration not reloaded, the old one stays: \(reason)")
        }
        let problems = ConfigurationCheck.problems(in: loaded.0, file: loaded.1 ?? "built-in defaults")
        guard problems.isEmpty else {
            let reason = ProblemLines.joined(problems)
            logger.error("reload refused, keeping the old configuration: \(reason)")
            throw RefusedRequest("configuration not reloaded, the old one stays: \(reason)")
        }
        if let scheduler {
            do { try scheduler.reconfigure(loaded.0.schedule) } catch {
                logger.error("reload refused, keeping the old configuration: \(error)")
                throw RefusedRequest("configuration not reloaded, the old one stays: \(error)")
            }
        }
        let session: RunningSession? = state.withLock { state in
            state.configuration = loaded.0
            state.configurationPath = loaded.1
            state.volume = min(loaded.0.audio.volume, loaded.0.audio.maxVolume)
            if case .playing(let session) = state.activity { return session }
            return nil
        }
        session?.setVolume(Double(loaded.0.audio.volume))
        logger.info("configuration reloaded from \(loaded.1 ?? "built-in defaults")")
    }

    /// Whether a session is playing (for shutdown).
    public var runningEngine: PlaybackEngine? {
        state.withLock { state in
            if case .playing(let session) = state.activity { return session.engine }
            return nil
        }
    }
}

/// What the service manager hears about.
public enum DaemonEvent: Sendable {
    case sessionStarted(routine: String)
    case sessionEnded
    case changed
    case reloading
    /// Done; with the reason when the new configuration was refused.
    case reloaded(failure: String?)
}
