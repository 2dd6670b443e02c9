import Clocks
import Logging
import Sockets
import Synchronization
import Threads
import WinddownAudio
import WinddownCore
#if canImport(Glibc)
    import Glibc
#endif

/// A session's link to a Snapcast server: one thread that carries the
/// director's actions out. It keeps the JSON-RPC connection (reconnecting
/// with back-off), connects the stream socket once the rooms are set and
/// hands it to the engine's `SnapcastSink`, and at the end puts the rooms
/// back. It sleeps in `poll` with no timeout unless a deadline or a retry
/// is due, so a quiet server costs no wake-ups.
final class SnapcastLink: Sendable {
    let handOff: SnapcastStreamHandOff
    /// `host:port` of the stream source, for the sink's log lines.
    let streamServer: String
    private let shared = Mutex(Shared())
    private let ready = WakeSignal()
    private let thread: Mutex<JoinableThread?> = Mutex(nil)

    fileprivate struct Shared {
        var rooms: [SnapcastDirector.PlayingRoom] = []
        var audioAllowed = false
        var ending = false
        var finished = false
    }

    /// Starts the link's thread; `roomsChanged` hears when the rooms playing change.
    static func start(
        _ settings: Configuration.Snapcast, server: SnapcastHost, logger: Logger,
        roomsChanged: @escaping @Sendable () -> Void
    ) throws -> SnapcastLink {
        let link = try SnapcastLink(server: "\(server.name):\(settings.streamPort)")
        let loop = LinkLoop(link: link, settings: settings, host: server.name, logger: logger, roomsChanged: roomsChanged)
        let handOver = LoopHandOver(loop)
        let joinable = try WorkerThread.start { handOver.loop.run() }
        link.thread.withLock { $0 = joinable }
        return link
    }

    private init(server: String) throws {
        handOff = try SnapcastStreamHandOff()
        streamServer = server
    }

    /// The engine's output to the rooms: it takes the stream this link connects.
    func makeSink() -> SnapcastSink { SnapcastSink(server: streamServer, handOff: handOff) }

    /// The rooms hearing the session now.
    var rooms: [SnapcastDirector.PlayingRoom] { shared.withLock { $0.rooms } }

    /// Waits until the rooms are set and the stream is offered, or `timeout`
    /// passes (the engine then opens the sink later, when it retries).
    func waitUntilReady(timeout: Duration) {
        let deadline = SystemClock().now() + timeout
        while SystemClock().now() < deadline {
            if shared.withLock({ $0.finished }) || !handOff.wantsStream && shared.withLock({ $0.audioAllowed }) { return }
            ready.wait(until: min(deadline, SystemClock().now() + .milliseconds(100)))
        }
    }

    /// After the session's audio: puts the rooms back (at most a few
    /// seconds) and ends the thread.
    func finish() {
        shared.withLock { $0.ending = true }
        handOff.wakeLink()
        let joinable = thread.withLock { thread -> JoinableThread? in
            defer { thread = nil }
            return thread
        }
        joinable?.join()
    }

    fileprivate var isEnding: Bool { shared.withLock { $0.ending } }

    fileprivate func update(_ body: (inout Shared) -> Void) {
        shared.withLock { body(&$0) }
        ready.signal()
    }
}

private final class LoopHandOver: @unchecked Sendable {
    // @unchecked: the loop is used by the link's thread alone once handed over.
    let loop: LinkLoop
    init(_ loop: LinkLoop) { self.loop = loop }
}

/// The link thread's state: the director, the sockets and the retry times.
private final class LinkLoop {
    let link: SnapcastLink
    let settings: Configuration.Snapcast
    let host: String
    let logger: Logger
    let roomsChanged: @Sendable () -> Void
    let clock = SystemClock()
    var director: SnapcastDirector
    var control: Int32 = -1
    var framer = LineFramer(maximumLength: SnapcastMessage.maximumLineLength)
    var controlBackoff = ReconnectBackoff(first: .milliseconds(500), maximum: .seconds(15))
    var nextControlAttempt: Duration = .zero
    var streamBackoff = ReconnectBackoff(first: .milliseconds(500), maximum: .seconds(15))
    var nextStreamAttempt: Duration = .zero
    var endSent = false
    var lastControlFailure: String?
    var lastStreamFailure: String?
    var readBuffer = [UInt8](repeating: 0, count: 65_536)

    init(link: SnapcastLink, settings: Configuration.Snapcast, host: String, logger: Logger, roomsChanged: @escaping @Sendable () -> Void) {
        self.link = link
        self.settings = settings
        self.host = host
        self.logger = logger
        self.roomsChanged = roomsChanged
        director = SnapcastDirector(settings: settings)
    }

    func run() {
        while !director.isFinished {
            let now = clock.now()
            if link.isEnding && !endSent {
                endSent = true
                carryOut(director.handle(.sessionEnded, at: now))
                if director.isFinished { break }
            }
            if control < 0 && !endSent && now >= nextControlAttempt { connectControl() }
            if director.isAudioAllowed && link.handOff.wantsStream && now >= nextStreamAttempt { connectStream() }
            waitForWork()
            if control >= 0 { readControl() }
            carryOut(director.handle(.tick, at: clock.now()))
        }
        if control >= 0 { close(control) }
        link.handOff.revoke()
        link.update { $0.finished = true }
    }

    private func connectControl() {
        do {
            control = try TCPConnection.connect(host: host, port: settings.controlPort, timeout: .seconds(2))
            framer = LineFramer(maximumLength: SnapcastMessage.maximumLineLength)
            if lastControlFailure != nil { logger.notice("reached the Snapcast server at \(director.serverName) again") }
            lastControlFailure = nil
            controlBackoff.succeeded()
            carryOut(director.handle(.connected, at: clock.now()))
        } catch {
            let wait = controlBackoff.nextDelay()
            nextControlAttempt = clock.now() + wait
            // Each new reason once; the same one again only at debug level.
            if lastControlFailure != error.description {
                logger.warning("cannot reach the Snapcast server: \(error); \(settings.local ? "the session plays locally meanwhile" : "the session goes on") and winddown keeps trying")
            } else {
                logger.debug("still cannot reach the Snapcast server: \(error); next try in \(wait)")
            }
            lastControlFailure = error.description
        }
    }

    private func connectStream() {
        do {
            let stream = try TCPConnection.connect(host: host, port: settings.streamPort, timeout: .seconds(2))
            // A third of a second in the kernel; the sink's own buffer holds the rest, and says when it overflows.
            var bytes: Int32 = 65_536
            setsockopt(stream, SOL_SOCKET, SO_SNDBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
            lastStreamFailure = nil
            streamBackoff.succeeded()
            link.handOff.offer(stream)
            // The start may be waiting for this.
            link.update { _ in }
        } catch {
            let wait = streamBackoff.nextDelay()
            nextStreamAttempt = clock.now() + wait
            if lastStreamFailure != error.description {
                logger.warning("cannot connect to the Snapcast stream source: \(error); retrying")
            }
            lastStreamFailure = error.description
        }
    }

    /// Sleeps until a line, the daemon's news, the sink asking for a stream, or the next due time.
    private func waitForWork() {
        var descriptors = [pollfd(fd: link.handOff.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        if control >= 0 { descriptors.append(pollfd(fd: control, events: Int16(POLLIN), revents: 0)) }
        var due: [Duration] = []
        if let deadline = director.deadline { due.append(deadline) }
        if control < 0 && !endSent { due.append(nextControlAttempt) }
        if director.isAudioAllowed && link.handOff.wantsStream { due.append(nextStreamAttempt) }
        var timeout: Int32 = -1
        if let soonest = due.min() {
            let left = max(.zero, soonest - clock.now())
            timeout = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
        }
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
        if descriptors[0].revents != 0 { link.handOff.drainWake() }
    }

    private func readControl() {
        while control >= 0 {
            let count = read(control, &readBuffer, readBuffer.count)
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                lostControl(count == 0 ? "the server closed the connection" : "read(): \(String(cString: strerror(errno)))")
                return
            }
            for frame in framer.feed(readBuffer[0..<count]) {
                switch frame {
                case .line(let line): carryOut(director.handle(.line(line), at: clock.now()))
                case .tooLong: carryOut(director.handle(.lineTooLong, at: clock.now()))
                }
                if control < 0 { return }
            }
        }
    }

    private func lostControl(_ reason: String) {
        closeControl()
        carryOut(director.handle(.disconnected(reason: reason), at: clock.now()))
    }

    private func closeControl() {
        guard control >= 0 else { return }
        close(control)
        control = -1
        nextControlAttempt = clock.now() + controlBackoff.nextDelay()
    }

    private func carryOut(_ actions: [SnapcastDirector.Action]) {
        for action in actions {
            switch action {
            case .send(let line): send(line)
            case .allowAudio:
                streamBackoff.succeeded()
                nextStreamAttempt = .zero
                link.update { $0.audioAllowed = true }
            case .holdAudio:
                link.handOff.revoke()
                link.update { $0.audioAllowed = false }
            case .log(let severity, let message):
                switch severity {
                case .info: logger.info("\(message)")
                case .notice: logger.notice("\(message)")
                case .warning: logger.warning("\(message)")
                case .error: logger.error("\(message)")
                }
            case .reconnect: closeControl()
            case .roomsChanged(let rooms):
                link.update { $0.rooms = rooms }
                roomsChanged()
            case .finished: break
            }
        }
    }

    /// Writes a request whole, waiting at most a second for the socket.
    private func send(_ line: String) {
        guard control >= 0 else { return }
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(control, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
                continue
            }
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var writable = pollfd(fd: control, events: Int16(POLLOUT), revents: 0)
                if poll(&writable, 1, 1000) > 0 { continue }
                lostControl("the server takes no requests")
                return
            }
            lostControl("send(): \(String(cString: strerror(errno)))")
            return
        }
    }
}
