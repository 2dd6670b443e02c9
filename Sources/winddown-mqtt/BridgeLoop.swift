#if canImport(Glibc)
    import Glibc
#endif
import Clocks
import ControlLink
import Logging
import Mosquitto
import Systemd
import WinddownCore

/// The bridge's one thread: a `poll` over the broker's socket, the daemon's
/// watch connection and the signals, carrying out what `HomeAssistantBridge`
/// decides. Between events it sleeps until the next keep-alive ping or
/// reconnect try, and at no other time.
struct BridgeLoop: ~Copyable {
    private let settings: BridgeSettings
    private let logger: Logger
    private let signals: SignalFile
    private let clock = SystemClock()
    private let notifier = ServiceNotifier()
    private let client: MQTTClient
    private var bridge: HomeAssistantBridge

    private enum Link {
        case connecting
        case up
        case waiting(until: Duration)
    }

    private var broker: Link = .waiting(until: .zero)
    private var brokerBackoff = ReconnectBackoff(first: .seconds(1), maximum: .seconds(30))
    private var brokerTrouble: String?
    /// When a packet last went to the broker (as near as the bridge knows):
    /// libmosquitto pings a keep-alive after that, so the loop wakes then.
    private var lastSent: Duration = .zero
    private var daemon: DaemonFollower
    private var stopping = false

    init(settings: BridgeSettings, signals: consuming SignalFile, logger: Logger) throws(BridgeStartError) {
        let client = try Self.makeClient(settings)
        self.settings = settings
        self.logger = logger
        self.signals = signals
        self.client = client
        bridge = HomeAssistantBridge(settings: settings.bridge)
        daemon = DaemonFollower(socketPath: settings.socketPath, logger: logger)
    }

    private static func makeClient(_ settings: BridgeSettings) throws(BridgeStartError) -> MQTTClient {
        do {
            let client = try MQTTClient(clientID: "winddown-mqtt-\(settings.bridge.topics.nodeID)")
            // The broker says "offline" for us if the bridge dies without a goodbye.
            try client.setWill(topic: settings.bridge.topics.availability, payload: "offline", qos: .atLeastOnce, retain: true)
            if let login = settings.login { try client.setLogin(username: login.username, password: login.password) }
            if settings.broker.usesTLS { try client.useTLS() }
            return client
        } catch {
            throw BridgeStartError("cannot set up the MQTT client: \(error)")
        }
    }

    /// Runs until SIGTERM or SIGINT, then says goodbye to the broker.
    mutating func run() {
        logger.info("winddown-mqtt \(WinddownVersion.current): broker \(settings.broker), control socket \(settings.socketPath), node \(settings.bridge.topics.nodeID)")
        try? notifier.ready(status: "connecting to \(settings.broker)")
        var ready: [pollfd] = []
        while !stopping {
            retryWhatIsDue()
            ready = pollOnce()
            handleSignals(ready)
            serviceBroker(ready)
            serviceDaemon(ready)
            flush()
        }
        goodbye()
    }

    // MARK: Polling

    private func pollOnce() -> [pollfd] {
        var fds = [pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)]
        // While waiting to reconnect, the old socket (if the library kept it) is not ours to watch.
        var mqttSocket: Int32 = -1
        if case .waiting = broker {} else { mqttSocket = client.socket }
        fds.append(pollfd(fd: mqttSocket, events: Int16(POLLIN) | (client.wantsWrite ? Int16(POLLOUT) : 0), revents: 0))
        fds.append(pollfd(fd: daemon.descriptor, events: daemon.pollEvents, revents: 0))
        let result = poll(&fds, nfds_t(fds.count), timeout())
        if result < 0 && errno != EINTR { logger.error("poll() failed: \(String(cString: strerror(errno)))") }
        return result > 0 ? fds : []
    }

    /// Until the next thing due: a reconnect try, or the keep-alive while connected; else forever.
    private func timeout() -> Int32 {
        var deadlines: [Duration] = []
        switch broker {
        case .waiting(let until): deadlines.append(until)
        // A second past the keep-alive: the library counts whole seconds.
        case .up, .connecting: deadlines.append(keepAliveDue + .seconds(1))
        }
        if let retry = daemon.retryAt { deadlines.append(retry) }
        guard let next = deadlines.min() else { return -1 }
        let left = next - clock.now()
        if left <= .zero { return 0 }
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: milliseconds)
    }

    private mutating func handleSignals(_ ready: [pollfd]) {
        guard ready.first.map({ $0.revents != 0 }) == true else { return }
        for signo in signals.take() {
            if signo == SIGHUP {
                logger.notice("SIGHUP: winddown-mqtt reads its configuration at start; restart it to apply changes")
            } else {
                stopping = true
            }
        }
    }

    // MARK: The broker

    private var keepAliveDue: Duration { lastSent + .seconds(settings.keepAlive) }

    private mutating func retryWhatIsDue() {
        let now = clock.now()
        if case .waiting(let until) = broker, now >= until {
            do {
                broker = .connecting
                lastSent = now
                try client.connect(host: settings.broker.host, port: settings.broker.port, keepAlive: settings.keepAlive)
            } catch {
                brokerLost(error.message)
            }
        }
        follow(daemon.connectIfDue(now: now))
    }

    private mutating func serviceBroker(_ ready: [pollfd]) {
        if ready.count > 1, ready[1].fd >= 0 {
            let events = ready[1].revents
            // Read before the library does: its own read may swallow the reason.
            let kernelError = events & Int16(POLLHUP | POLLERR) != 0 ? Self.socketError(ready[1].fd) : nil
            do {
                if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 { try client.read() }
                if events & Int16(POLLOUT) != 0 { try client.write() }
                // Gone for the kernel: the library may not notice by itself (a
                // TLS connection refused mid-handshake reads as "nothing yet").
                if events & Int16(POLLHUP | POLLERR) != 0 {
                    handleBrokerEvents()
                    brokerLost(kernelError ?? "the broker closed the connection")
                }
            } catch {
                handleBrokerEvents()
                brokerLost(error.message)
            }
        }
        if case .waiting = broker {} else {
            // Keep-alive pings, and noticing a broker that stopped answering them.
            if clock.now() >= keepAliveDue { lastSent = clock.now() }
            do { try client.housekeeping() } catch { brokerLost(error.message) }
        }
        handleBrokerEvents()
    }

    /// What the kernel says went wrong on a socket, if anything.
    private static func socketError(_ fd: Int32) -> String? {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0, code != 0 else { return nil }
        return String(cString: strerror(code))
    }

    private mutating func handleBrokerEvents() {
        for event in client.takeEvents() {
            switch event {
            case .connected:
                broker = .up
                brokerBackoff.succeeded()
                if brokerTrouble != nil {
                    logger.notice("connected to the broker \(settings.broker) again")
                } else {
                    logger.info("connected to the broker \(settings.broker)")
                }
                brokerTrouble = nil
                carryOut(bridge.handle(.brokerConnected))
                updateStatus()
            case .refused(let reason):
                brokerLost("the broker refused the connection: \(reason)")
            case .disconnected(let reason, let expected):
                if !expected { brokerLost(reason) }
            case .message(let topic, let payload, let retained):
                // Its acknowledgement went out (QoS 1).
                lastSent = clock.now()
                carryOut(bridge.handle(.message(topic: topic, payload: payload, retained: retained)))
            }
        }
    }

    /// Once per outage in the log (and again if the reason changes), then quiet retries with backoff.
    private mutating func brokerLost(_ reason: String) {
        if case .waiting = broker { return }
        client.disconnect()
        _ = client.takeEvents()
        let delay = brokerBackoff.nextDelay()
        broker = .waiting(until: clock.now() + delay)
        carryOut(bridge.handle(.brokerLost))
        if brokerTrouble == nil {
            logger.warning("MQTT broker \(settings.broker): \(reason); trying again with backoff (up to 30 s apart)")
        } else {
            logger.debug("MQTT broker \(settings.broker): \(reason); next try in \(delay)")
        }
        brokerTrouble = reason
        updateStatus()
    }

    // MARK: The daemon

    private mutating func serviceDaemon(_ ready: [pollfd]) {
        guard ready.count > 2 else { return }
        follow(daemon.service(descriptor: ready[2].fd, revents: ready[2].revents, now: clock.now()))
    }

    private mutating func follow(_ events: [DaemonFollower.Event]) {
        for event in events {
            switch event {
            case .message(.watching(let report)):
                carryOut(bridge.handle(.daemonConnected(report)))
                updateStatus()
            case .message(.status(let report)):
                carryOut(bridge.handle(.status(report)))
            case .message(.answer(let request, let response)):
                carryOut(bridge.handle(.answer(request, response)))
            case .lost(let abandoned, let wasConnected):
                if wasConnected || bridge.daemonUp { carryOut(bridge.handle(.daemonLost)) }
                for request in abandoned {
                    carryOut(bridge.handle(.answer(request, .failure("winddownd went away before answering"))))
                }
                updateStatus()
            }
        }
    }

    // MARK: Carrying actions out

    private mutating func carryOut(_ actions: [HomeAssistantBridge.Action]) {
        for action in actions {
            switch action {
            case .publish(let topic, let payload, let retain):
                lastSent = clock.now()
                do { try client.publish(topic: topic, payload: payload, qos: .atLeastOnce, retain: retain) } catch {
                    logger.debug("not published to \(topic): \(error)")
                }
            case .subscribe(let topics):
                lastSent = clock.now()
                for topic in topics {
                    do { try client.subscribe(topic, qos: .atLeastOnce) } catch { logger.warning("cannot subscribe to \(topic): \(error)") }
                }
            case .send(let request):
                // Sent only while the daemon is up: the bridge refuses commands, where Home Assistant shows it, otherwise.
                _ = daemon.send(request)
            case .log(.info, let message): logger.info("\(message)")
            case .log(.warning, let message): logger.warning("\(message)")
            }
        }
    }

    /// Writes what is queued without waiting for the next poll.
    private mutating func flush() {
        if case .up = broker, client.wantsWrite {
            do { try client.write() } catch { brokerLost(error.message) }
        }
        follow(daemon.flush(now: clock.now()))
    }

    private func updateStatus() {
        let brokerText: String
        switch broker {
        case .up: brokerText = "connected to \(settings.broker)"
        case .connecting: brokerText = "connecting to \(settings.broker)"
        case .waiting: brokerText = "waiting to reconnect to \(settings.broker)"
        }
        try? notifier.status("\(brokerText); winddownd \(bridge.daemonUp ? "reachable" : "not reachable")")
    }

    /// "offline" on purpose (a clean disconnect does not send the will), then a clean disconnect.
    private mutating func goodbye() {
        logger.notice("stopping")
        try? notifier.stopping(status: "stopping")
        guard case .up = broker else { return }
        try? client.publish(topic: settings.bridge.topics.availability, payload: "offline", qos: .atLeastOnce, retain: true)
        let deadline = clock.now() + .seconds(2)
        while client.wantsWrite, clock.now() < deadline {
            var fd = pollfd(fd: client.socket, events: Int16(POLLOUT), revents: 0)
            _ = poll(&fd, 1, 200)
            do { try client.write() } catch { break }
        }
        client.disconnect()
    }
}
