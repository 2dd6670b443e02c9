#if canImport(Glibc)
    import Glibc
#endif
import Clocks
public import Logging
import Synchronization
import Systemd
import WinddownAudio
public import WinddownCore
import Threads

/// The daemon as systemd runs it: configuration loaded, control socket
/// serving (socket-activated or its own), `READY=1`, then sessions on
/// request; `STATUS=` lines a person can read, reload on SIGHUP, a graceful
/// stop on SIGTERM/SIGINT (fade out, record, exit 0 within 5 s) and
/// watchdog pings only while its loops make progress.
public final class DaemonService: Sendable {
    private let logger: Logger
    private let locator: ConfigurationLocator
    private let core: DaemonCore
    private let scheduler: NightlyScheduler
    private let server: ControlServer
    private let notifier: ServiceNotifier
    /// The socket file this process made (and removes on exit); nil when systemd passed one.
    private let ownedSocketPath: String?

    public init(configurationFlag: String?, socketFlag: String?, stateFlag: String?, speed: Int = 1, logger: Logger) throws {
        self.logger = logger
        locator = ConfigurationLocator(flag: configurationFlag)
        let (configuration, path) = try Self.loadChecked(locator)
        let group = try configuration.control.group.map { name throws(StartupError) in
            guard let id = ControlAccess.groupID(named: name) else {
                throw StartupError("control.group: no group named \"\(name)\"")
            }
            return id
        }
        let notifier = ServiceNotifier()
        self.notifier = notifier
        let coreBox = Mutex<DaemonCore?>(nil)
        // The server comes after the core; until then no one can be watching.
        let serverBox = Mutex<ControlServer?>(nil)
        let lastStatus = StatusLineMemory()
        let stateFolder = StateDirectory.path(flag: stateFlag)
        let history = HistoryLog(folder: stateFolder, logger: logger)
        let scheduler = try NightlyScheduler(
            schedule: configuration.schedule, stateFolder: stateFolder, environment: ProcessEnvironment.current, logger: logger)
        self.scheduler = scheduler
        let core = DaemonCore(
            configuration: configuration, path: path, locator: locator, history: history, scheduler: scheduler, speed: speed,
            logger: logger,
            observer: { event in
                guard let core = coreBox.withLock({ $0 }) else { return }
                serverBox.withLock { $0 }?.statusChanged()
                // Telling systemd is best effort: a daemon outside systemd has no one to tell.
                switch event {
                case .reloading:
                    lastStatus.remember("reloading the configuration")
                    try? notifier.reloading(status: "reloading the configuration")
                case .reloaded(let failure):
                    let line = failure.map { "reload failed, old configuration kept: \($0)" } ?? core.statusLine()
                    lastStatus.remember(line)
                    try? notifier.ready(status: line)
                default: lastStatus.sendIfChanged(core.statusLine(), notifier)
                }
            })
        coreBox.withLock { $0 = core }
        self.core = core
        scheduler.whenDue { [core] due in core.startScheduled(due) }
        scheduler.whenChanged { [core, notifier] in
            lastStatus.sendIfChanged(core.statusLine(), notifier)
            serverBox.withLock { $0 }?.statusChanged()
        }

        let listener: Int32
        let passed: ListenedSocket?
        do { passed = try ListenedSockets.take() } catch { throw StartupError(error.description) }
        if let passed {
            listener = passed.fileDescriptor
            ownedSocketPath = nil
            logger.info("serving on the socket systemd passed")
        } else {
            let socketPath = socketFlag ?? ControlPaths.socket()
            do {
                listener = try ControlSocket.listen(at: socketPath, group: group)
            } catch {
                throw StartupError(error.description)
            }
            ownedSocketPath = socketPath
            logger.info("serving on \(socketPath)")
        }
        if speed > 1 { logger.notice("sessions run at \(speed) times real speed (--speed)") }
        server = ControlServer(
            listening: listener, access: ControlAccess(group: group), handler: core, logger: logger,
            status: { [core] in core.statusReport() })
        serverBox.withLock { [server] in $0 = server }
    }

    /// Serves until SIGTERM or SIGINT, on the calling thread and plain
    /// threads only: no Swift worker pool, so an idle daemon sleeps.
    public func run() throws(StartupError) {
        let stop = StopSignal()
        do {
            try listenForSignals(onStop: { stop.post() })
            // The schedule decides first, so the first client to ask `next` hears it.
            try scheduler.start()
            try server.start()
        } catch {
            throw StartupError("\(error)")
        }
        try? notifier.ready(status: core.statusLine())
        startWatchdog()
        stop.wait()
        shutDown()
    }

    /// Fades the session out (3 s), lets it finish and be recorded, closes the socket.
    private func shutDown() {
        try? notifier.stopping(status: "stopping: fading out")
        logger.notice("stopping")
        scheduler.stop()
        if core.stopForShutdown() {
            // The fade, the drain of the device buffer, the history record, and
            // a margin: well within the 5 s interface.md allows.
            for _ in 0..<45 where !core.isIdle { usleep(100_000) }
        }
        server.shutdown()
        if let ownedSocketPath { unlink(ownedSocketPath) }
        // The journal writer works from a queue; let the last lines out.
        _ = JournalSender.shared.flush(timeout: .seconds(1))
    }

    /// Call first thing, before the configuration is read (see `SignalPipe`).
    public static func prepareSignals() {
        SignalPipe.prepare()
    }

    /// SIGTERM, SIGINT and SIGQUIT stop; SIGHUP reloads; SIGUSR1 logs what
    /// the daemon is doing (the `STATUS=` line), for a person without systemd.
    private func listenForSignals(onStop: @escaping @Sendable () -> Void) throws(SignalPipe.SetupError) {
        let core = self.core
        let logger = self.logger
        try SignalPipe.listen { signo in
            switch signo {
            case SIGHUP:
                do { try core.reload() } catch { logger.error("\(error)") }
            case SIGUSR1:
                logger.notice("status: \(core.statusLine())")
            default:
                onStop()
            }
        }
    }

    /// `WATCHDOG=1` at half the interval systemd asked for, from a thread of
    /// its own, and only when the control loop answers and, during a
    /// session, the audio loop has moved. No watchdog set: no thread.
    private func startWatchdog() {
        let interval: Duration?
        do { interval = try notifier.watchdogInterval } catch {
            logger.error("ignoring the watchdog: \(error)")
            return
        }
        guard let interval else { return }
        let core = self.core
        let server = self.server
        let notifier = self.notifier
        let pause = max(interval, .milliseconds(1))
        do {
            try WorkerThread.detach { Self.watch(core: core, server: server, notifier: notifier, every: pause) }
        } catch {
            logger.error("no watchdog pings: \(error)")
        }
    }

    private static func watch(core: DaemonCore, server: ControlServer, notifier: ServiceNotifier, every pause: Duration) {
            var lastIterations: Int64 = -1
            while !server.isFinished {
                SystemClock().sleep(for: pause)
                var audioAlive = true
                if let engine = core.runningEngine {
                    let iterations = engine.loopIterations
                    audioAlive = iterations != lastIterations || engine.isFinished
                    lastIterations = iterations
                } else {
                    lastIterations = -1
                }
                if audioAlive { try? notifier.watchdog() }
            }
    }

    private static func loadChecked(_ locator: ConfigurationLocator) throws(StartupError) -> (Configuration, String?) {
        let loaded: (configuration: Configuration, path: String?)
        do {
            loaded = try locator.load()
        } catch {
            throw StartupError("invalid configuration:\n" + error.description)
        }
        let problems = ConfigurationCheck.problems(in: loaded.configuration, file: loaded.path ?? "built-in defaults")
        guard problems.isEmpty else {
            throw StartupError("invalid configuration:\n" + ProblemLines.capped(problems).joined(separator: "\n"))
        }
        return (loaded.configuration, loaded.path)
    }
}

/// The last `STATUS=` sent, so that a line the service manager already
/// shows is not sent again (a session's refreshes often repeat it).
private final class StatusLineMemory: Sendable {
    private let last = Mutex<String?>(nil)

    func sendIfChanged(_ line: String, _ notifier: ServiceNotifier) {
        let changed = last.withLock { last in
            defer { last = line }
            return last != line
        }
        if changed { try? notifier.status(line) }
    }

    /// `line` went out with another message (`READY=1`, `RELOADING=1`).
    func remember(_ line: String) { last.withLock { $0 = line } }
}

/// A POSIX semaphore the main thread sleeps on until the signal thread posts it.
private final class StopSignal: @unchecked Sendable {
    // @unchecked: sem_post and sem_wait are thread-safe by POSIX; the memory lives as long as the object.
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    init() { sem_init(semaphore, 0, 0) }
    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }
    func post() { sem_post(semaphore) }
    func wait() { while sem_wait(semaphore) != 0 && errno == EINTR {} }
}

/// Why the daemon could not start.
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Default paths of interface.md.
public enum ControlPaths {
    /// `--socket`, else WINDDOWN_SOCKET, else the system or the user socket.
    public static func socket(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let path = environment["WINDDOWN_SOCKET"], !path.isEmpty { return path }
        if getuid() == 0 { return ControlSocketPath.system }
        return ControlSocketPath.user(environment: environment) ?? "/run/user/\(getuid())/winddown/control.sock"
    }
}
