#if canImport(Glibc)
    import Glibc
#endif
import Clocks
import ControlLink
import DBus
import Logging
import WinddownCore

/// The bridge's one thread: a `poll` over the session bus, the daemon's
/// watch connection and the signals, carrying out what `MPRISPlayer`
/// decides. With nothing happening it sleeps in `poll` with no timeout:
/// property changes are sent when the daemon reports one, never on a timer.
final class MPRISLoop {
    private let settings: MPRISPlayer.Settings
    private let logger: Logger
    private let signals: SignalFile
    private let clock = SystemClock()
    private var player: MPRISPlayer

    private var bus: BusConnection?
    private var busRetry: Duration? = .zero
    private var busBackoff = ReconnectBackoff(first: .seconds(1), maximum: .seconds(30))
    private var busTrouble: String?
    /// Calls waiting for the daemon's answer, by the id the player knows them by.
    private var calls: [MPRISPlayer.CallID: BusMessage] = [:]
    private var nextCall: MPRISPlayer.CallID = 1
    private var firstConnection = true
    /// sd-bus stopped at its limit with messages left: poll without waiting.
    private var busHasMore = false

    private var daemon: DaemonFollower
    private var stopping = false

    init(settings: MPRISPlayer.Settings, signals: consuming SignalFile, logger: Logger) {
        self.settings = settings
        self.signals = signals
        self.logger = logger
        player = MPRISPlayer(settings: settings)
        daemon = DaemonFollower(socketPath: settings.socketPath, logger: logger)
    }

    /// Runs until SIGTERM or SIGINT. Throws only when the name is taken
    /// at start (another winddown-mpris runs) or no session bus exists at all.
    func run() throws(BridgeStartError) {
        logger.info("winddown-mpris \(WinddownVersion.current): \(MPRISPlayer.busName), control socket \(settings.socketPath)")
        try connectBus()
        firstConnection = false
        while !stopping {
            retryWhatIsDue()
            let ready = pollOnce()
            handleSignals(ready)
            serviceBus(ready)
            serviceDaemon(ready)
            flush()
        }
        logger.notice("stopping")
    }

    // MARK: Polling

    private func pollOnce() -> [pollfd] {
        var fds = [
            pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: bus?.descriptor ?? -1, events: bus?.events ?? 0, revents: 0),
            pollfd(fd: daemon.descriptor, events: daemon.pollEvents, revents: 0),
        ]
        let result = poll(&fds, nfds_t(fds.count), timeout())
        if result < 0 && errno != EINTR { logger.error("poll() failed: \(String(cString: strerror(errno)))") }
        return result > 0 ? fds : []
    }

    /// Until a reconnect try or sd-bus's own deadline; else forever.
    private func timeout() -> Int32 {
        if busHasMore { return 0 }
        var wait: Int32 = bus?.pollTimeout ?? -1
        for retry in [busRetry, daemon.retryAt].compactMap({ $0 }) {
            let left = retry - clock.now()
            let milliseconds = left <= .zero ? 0 : Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            wait = wait < 0 ? milliseconds : min(wait, milliseconds)
        }
        return wait
    }

    private func handleSignals(_ ready: [pollfd]) {
        guard ready.first.map({ $0.revents != 0 }) == true else { return }
        for signo in signals.take() {
            if signo == SIGHUP {
                logger.notice("SIGHUP: winddown-mpris reads its configuration at start; restart it to apply changes")
            } else {
                stopping = true
            }
        }
    }

    private func retryWhatIsDue() {
        let now = clock.now()
        if let retry = busRetry, now >= retry { try? connectBus() }
        follow(daemon.connectIfDue(now: now))
    }

    // MARK: The session bus

    private func connectBus() throws(BridgeStartError) {
        busRetry = nil
        do {
            let connection = try BusConnection.session()
            // The object first, so the first call after the name appears finds it.
            try connection.serve(path: MPRISPlayer.objectPath) { [unowned self] message in self.received(message) }
            try connection.requestName(MPRISPlayer.busName)
            bus = connection
            busBackoff.succeeded()
            if busTrouble != nil {
                logger.notice("on the session bus again as \(MPRISPlayer.busName)")
            } else {
                logger.info("on the session bus as \(MPRISPlayer.busName)")
            }
            busTrouble = nil
        } catch {
            let reason = error.kind == .nameTaken
                ? "\(MPRISPlayer.busName) is already owned on this session bus (another winddown-mpris?)" : error.description
            if firstConnection {
                throw BridgeStartError(reason, nameTaken: error.kind == .nameTaken)
            }
            busLost(reason)
        }
    }

    private func busLost(_ reason: String) {
        bus = nil
        // Their callers will get an error from the bus itself: the connection that owed the answer is gone.
        calls.removeAll()
        let delay = busBackoff.nextDelay()
        busRetry = clock.now() + delay
        if busTrouble == nil {
            logger.warning("session bus: \(reason); trying again with backoff (up to 30 s apart)")
        } else {
            logger.debug("session bus: \(reason); next try in \(delay)")
        }
        busTrouble = reason
    }

    private func serviceBus(_ ready: [pollfd]) {
        // Every turn, not only when the socket is readable: a blocking call
        // (taking the name) may have read messages into sd-bus's buffer already.
        guard let bus else { return }
        do { busHasMore = try bus.process() } catch {
            busLost(error.isDisconnect ? "the bus closed the connection" : error.description)
        }
    }

    /// A call to the player's object: handed to the player, answered now or when the daemon answers.
    private func received(_ message: BusMessage) -> Bool {
        guard let member = message.member else { return false }
        let interface = message.interface ?? ""
        // The body is read only when its signature is the method's: nothing a
        // client sends is decoded for a call this object will turn down anyway.
        var values: [DBusValue] = []
        if let expected = MPRISPlayer.expectedSignature(interface: interface, member: member) {
            guard message.signature == expected else {
                try? bus?.reply(to: message, error: .invalidArguments("\(member) takes (\(expected)), not (\(message.signature))"))
                return true
            }
            do { values = try message.values() } catch {
                try? bus?.reply(to: message, error: .invalidArguments("cannot read the arguments: \(error)"))
                return true
            }
        }
        let id = nextCall
        nextCall &+= 1
        calls[id] = message
        carryOut(player.handle(.call(id, interface: interface, member: member, arguments: values), at: clock.now()))
        return true
    }

    // MARK: The daemon

    private func serviceDaemon(_ ready: [pollfd]) {
        guard ready.count > 2 else { return }
        follow(daemon.service(descriptor: ready[2].fd, revents: ready[2].revents, now: clock.now()))
    }

    private func follow(_ events: [DaemonFollower.Event]) {
        for event in events {
            let now = clock.now()
            switch event {
            case .message(.watching(let report)): carryOut(player.handle(.daemonConnected(report), at: now))
            case .message(.status(let report)): carryOut(player.handle(.status(report), at: now))
            case .message(.answer(let request, let response)): carryOut(player.handle(.answer(request, response), at: now))
            case .lost(let abandoned, _):
                carryOut(player.handle(.daemonLost, at: now))
                for request in abandoned {
                    carryOut(player.handle(.answer(request, .failure("winddownd went away before answering")), at: now))
                }
            }
        }
    }

    // MARK: Carrying actions out

    private func carryOut(_ actions: [MPRISPlayer.Action]) {
        for action in actions {
            do throws(BusError) {
                switch action {
                case .send(let request):
                    if !daemon.send(request) {
                        carryOut(player.handle(.answer(request, .failure("winddownd is not reachable")), at: clock.now()))
                    }
                case .reply(let id, let values):
                    if let call = calls.removeValue(forKey: id) {
                        do { try bus?.reply(to: call, values) } catch {
                            // Never leave a caller waiting: an answer that cannot be built is an error answer.
                            logger.warning("cannot answer \(call.member ?? "a call"): \(error)")
                            try bus?.reply(to: call, error: DBusErrorReply("org.freedesktop.DBus.Error.Failed", "winddown-mpris could not build the answer: \(error)"))
                        }
                    }
                case .fail(let id, let error):
                    if let call = calls.removeValue(forKey: id) {
                        logger.debug("\(call.interface ?? "").\(call.member ?? "") from \(call.sender ?? "?"): \(error.name): \(error.message)")
                        try bus?.reply(to: call, error: error)
                    }
                case .propertiesChanged(let interface, let changed):
                    try bus?.emit(
                        path: MPRISPlayer.objectPath, interface: MPRISPlayer.propertiesInterface, member: "PropertiesChanged",
                        [.string(interface), .dictionary(changed.map { ($0.name, $0.value) }), .array(element: "s", [])])
                case .seeked(let position):
                    try bus?.emit(path: MPRISPlayer.objectPath, interface: MPRISPlayer.playerInterface, member: "Seeked", [.int64(position)])
                }
            } catch {
                logger.debug("cannot send on the session bus: \(error)")
            }
        }
    }

    private func flush() {
        follow(daemon.flush(now: clock.now()))
    }
}
