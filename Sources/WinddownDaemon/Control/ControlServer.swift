#if canImport(Glibc)
    import Glibc
#endif
import Clocks
public import Logging
import Synchronization
public import WinddownCore
public import Threads

/// Serves the control protocol on a listening Unix socket, from a thread of
/// its own with one `poll` loop: no client, however slow or hostile, can
/// hold up another, the audio or the schedule.
///
/// Limits: request lines of 4 KiB (`LineFramer`), at most
/// `maximumClients` connections and a fair share of them per user (so one
/// user's flood never locks out root or anyone else), an idle timeout, a
/// cap on what is queued toward a client that does not read (it is
/// disconnected), and one request at a time per connection, answered in order.
///
/// A connection that sent `watch` also gets each status the daemon
/// `publish`es (an identical one only once), and no idle timeout: the
/// bridges follow the daemon this way instead of polling it.
public final class ControlServer: Sendable {
    public struct Limits: Sendable {
        public var maximumClients = 256
        /// Connections one user (by the peer's uid) other than root and the
        /// daemon's own user may hold at once...
        public var maximumPerUser = 32
        /// ...and all of those users together: the rest is kept for root and
        /// the daemon's user, whom no flood of others can lock out.
        public var maximumUnprivileged = 192
        /// Turned-away connections kept open for their one answer; past
        /// this, a refused connection gets its answer and is closed at once.
        public var maximumRefused = 64
        public var idleTimeoutSeconds = 60.0
        /// Bytes of answers waiting for a client that does not read; past
        /// this, the next answer drops the client.
        public var maximumOutbox = 64 * 1024
        /// Request lines read ahead of their answers, per connection.
        public var maximumQueued = 32
        public init() {}
    }

    private let listener: Int32
    private let access: ControlAccess
    private let handler: any ControlHandler
    private let logger: Logger
    private let limits: Limits
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let replies = Mutex<[(connection: UInt64, response: ControlResponse)]>([])
    /// Something changed since the watchers last heard; the loop asks for the status then.
    private let changed = Atomic<Bool>(false)
    /// The status to send them, read on the server's thread when it sends:
    /// always the newest, never one built earlier that arrives later.
    private let currentStatus: @Sendable () -> StatusReport
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    public init(
        listening fd: Int32, access: ControlAccess, handler: any ControlHandler, logger: Logger, limits: Limits = Limits(),
        status: @escaping @Sendable () -> StatusReport
    ) {
        listener = fd
        currentStatus = status
        self.access = access
        self.handler = handler
        self.logger = logger
        self.limits = limits
        var pipeFDs: [Int32] = [0, 0]
        _ = pipe(&pipeFDs)
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        for descriptor in [fd, wakeRead, wakeWrite] { Self.makeNonBlocking(descriptor) }
    }

    /// Starts serving on a new thread.
    public func start() throws(WorkerThread.StartError) {
        try WorkerThread.detach { [self] in
            var loop = ServerLoop(server: self)
            loop.run()
            finished.store(true, ordering: .releasing)
        }
    }

    /// Stops accepting and closes every connection.
    public func shutdown() {
        stopping.store(true, ordering: .releasing)
        wake()
    }

    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Non-blocking and closed on exec (hooks and speech engines must not inherit it).
    static func makeNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
    }

    /// The status changed: every watching connection gets it, unless it is
    /// the one they last got. Cheap when no one watches.
    public func statusChanged() {
        changed.store(true, ordering: .releasing)
        wake()
    }

    fileprivate func post(_ response: ControlResponse, to connection: UInt64) {
        replies.withLock { $0.append((connection, response)) }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The loop (server thread only)

    private struct Connection {
        let id: UInt64
        let fd: Int32
        let peer: ControlAccess.Peer
        var framer = LineFramer()
        var queue: [LineFramer.Frame] = []
        var outbox: [UInt8] = []
        var awaitingReply = false
        var lastActivity: Int64
        var readClosed = false
        /// Turned away: it gets its one answer, anything it sends is
        /// ignored, and it is closed soon after (not at once, which could
        /// reset the connection before the client has read why).
        var refused = false
        var writeClosed = false
        /// Sent `watch`: gets every published status once its answer is out.
        var watching = false
        var watchAnswerPending = false
    }

    private struct ServerLoop {
        let server: ControlServer
        var connections: [Int32: Connection] = [:]
        var nextID: UInt64 = 1
        var lastRefusalLog: [String: Int64] = [:]
        var suppressedRefusals = 0
        /// The last status sent to the watchers, so a repeat is not sent again.
        var lastEventLine = ""

        init(server: ControlServer) { self.server = server }

        mutating func run() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !server.stopping.load(ordering: .acquiring) {
                var fds = [pollfd(fd: server.wakeRead, events: Int16(POLLIN), revents: 0)]
                fds.append(pollfd(fd: server.listener, events: Int16(POLLIN), revents: 0))
                for connection in connections.values {
                    var events: Int16 = 0
                    if !connection.readClosed && connection.queue.count < server.limits.maximumQueued { events |= Int16(POLLIN) }
                    if !connection.outbox.isEmpty { events |= Int16(POLLOUT) }
                    // A client gone while its answer is still being made (a late `start` or
                    // `plan`) would report POLLHUP on every poll: left out until the answer comes.
                    let idleHangUp = connection.readClosed && connection.outbox.isEmpty
                    fds.append(pollfd(fd: idleHangUp ? -1 : connection.fd, events: events, revents: 0))
                }
                let ready = poll(&fds, nfds_t(fds.count), pollTimeout())
                if ready < 0 && errno != EINTR {
                    server.logger.error("control socket poll failed: \(String(cString: strerror(errno)))")
                    break
                }
                if fds[0].revents != 0 { drainWake() }
                deliverReplies()
                deliverEvent()
                if fds[1].revents & Int16(POLLIN) != 0 { acceptAll() }
                for entry in fds.dropFirst(2) where entry.revents != 0 {
                    guard var connection = connections[entry.fd] else { continue }
                    if entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { read(&connection, into: &buffer) }
                    if entry.revents & Int16(POLLOUT) != 0 { flush(&connection) }
                    connections[entry.fd] = connection
                }
                for fd in Array(connections.keys) {
                    guard var connection = connections[fd] else { continue }
                    process(&connection)
                    flush(&connection)
                    connections[fd] = connection
                    closeIfDone(fd)
                }
                expireIdle()
            }
            for fd in connections.keys { close(fd) }
            connections.removeAll()
            close(server.listener)
        }

        /// Only connections that can time out need the loop to wake: a bridge
        /// watching all night must not cost the daemon a wake-up.
        private func pollTimeout() -> Int32 {
            connections.values.contains { !$0.watching } ? Int32(server.limits.idleTimeoutSeconds * 1000 / 4) : -1
        }

        private func drainWake() {
            var sink = [UInt8](repeating: 0, count: 256)
            while Glibc.read(server.wakeRead, &sink, sink.count) > 0 {}
        }

        private mutating func deliverReplies() {
            let batch = server.replies.withLock { pending -> [(connection: UInt64, response: ControlResponse)] in
                defer { pending.removeAll() }
                return pending
            }
            for (id, response) in batch {
                guard let fd = connections.first(where: { $0.value.id == id })?.key, var connection = connections[fd] else { continue }
                connection.awaitingReply = false
                enqueue(response, on: &connection)
                if connection.watchAnswerPending {
                    connection.watchAnswerPending = false
                    connection.watching = true
                }
                connections[fd] = connection
            }
        }

        private mutating func deliverEvent() {
            guard server.changed.exchange(false, ordering: .acquiringAndReleasing) else { return }
            guard connections.values.contains(where: \.watching) else { return }
            let event = ControlResponse.statusEvent(server.currentStatus())
            let line = event.line
            guard line != lastEventLine else { return }
            lastEventLine = line
            for (fd, var connection) in connections where connection.watching && !connection.readClosed {
                enqueue(event, on: &connection)
                connections[fd] = connection
            }
        }

        private mutating func acceptAll() {
            while true {
                let fd = accept(server.listener, nil, nil)
                if fd < 0 { return }
                ControlServer.makeNonBlocking(fd)
                guard let peer = ControlAccess.peer(of: fd) else {
                    close(fd)
                    continue
                }
                var connection = Connection(id: nextID, fd: fd, peer: peer, lastActivity: SystemClock.now().nanosecondsCount)
                nextID += 1
                let held = holdings(of: peer)
                let reason: String?
                if !server.access.allows(peer) {
                    logRefusal(of: peer, "not root, the daemon's user or in control.group")
                    reason = "permission denied: only root, the daemon's user and members of control.group may use this socket"
                } else if held.served >= server.limits.maximumClients {
                    logRefusal(of: peer, "\(held.served) clients already connected")
                    reason = "too many connections; try again shortly"
                } else if !server.access.isPrivileged(peer),
                    held.byThisUser >= server.limits.maximumPerUser
                {
                    logRefusal(of: peer, "uid \(peer.uid) already holds \(server.limits.maximumPerUser) connections")
                    reason = "too many connections from uid \(peer.uid) (at most \(server.limits.maximumPerUser)); close some first"
                } else if !server.access.isPrivileged(peer),
                    held.unprivileged >= server.limits.maximumUnprivileged
                {
                    logRefusal(of: peer, "the connections for other users are all taken")
                    reason = "too many connections; try again shortly"
                } else {
                    reason = nil
                }
                guard let reason else {
                    connections[fd] = connection
                    continue
                }
                refuse(&connection, reason)
                if connections.count - held.served < server.limits.maximumRefused {
                    connections[fd] = connection
                } else {
                    // No room to linger: the answer goes into the socket's buffer, then it closes.
                    flush(&connection)
                    close(fd)
                }
            }
        }

        /// The connections being served: all of them, those of `peer`'s user,
        /// and those of users other than root and the daemon's own (one pass).
        private func holdings(of peer: ControlAccess.Peer) -> (served: Int, byThisUser: Int, unprivileged: Int) {
            var counts = (served: 0, byThisUser: 0, unprivileged: 0)
            for connection in connections.values where !connection.refused {
                counts.served += 1
                if connection.peer.uid == peer.uid { counts.byThisUser += 1 }
                if !server.access.isPrivileged(connection.peer) { counts.unprivileged += 1 }
            }
            return counts
        }

        /// One log line per peer and reason at most every 10 s: a flood must not flood the journal.
        private mutating func logRefusal(of peer: ControlAccess.Peer, _ why: String) {
            let now = SystemClock.now().nanosecondsCount
            let key = "\(peer.uid) \(why.prefix(12))"
            if let last = lastRefusalLog[key], now - last < 10_000_000_000 {
                suppressedRefusals += 1
                return
            }
            lastRefusalLog[key] = now
            if lastRefusalLog.count > 1024 { lastRefusalLog = [key: now] }
            let more = suppressedRefusals > 0 ? " (\(suppressedRefusals) more refusals not logged)" : ""
            suppressedRefusals = 0
            server.logger.warning("refused a control connection from \(peer): \(why)\(more)")
        }

        /// One answer line saying why, then the door closes.
        private func refuse(_ connection: inout Connection, _ message: String) {
            connection.refused = true
            connection.outbox = Array((ControlResponse.failure(message).line + "\n").utf8)
        }

        private func read(_ connection: inout Connection, into buffer: inout [UInt8]) {
            let got = buffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if got > 0 {
                if connection.refused { return }
                connection.lastActivity = SystemClock.now().nanosecondsCount
                connection.queue += connection.framer.feed(buffer[0..<got])
            } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                // The client is done sending: answer what it asked, then close.
                connection.readClosed = true
                if !connection.refused, let last = connection.framer.finish() { connection.queue.append(last) }
            }
        }

        private func process(_ connection: inout Connection) {
            while !connection.awaitingReply, !connection.queue.isEmpty {
                let frame = connection.queue.removeFirst()
                switch frame {
                case .tooLong:
                    enqueue(.failure("request line too long (the limit is \(ControlRequest.maximumLineLength) bytes)"), on: &connection)
                case .line(let bytes):
                    do {
                        let request = try ControlRequest(parsing: bytes)
                        connection.awaitingReply = true
                        if request == .watch { connection.watchAnswerPending = true }
                        let id = connection.id
                        let server = self.server
                        server.handler.handle(request, peer: connection.peer) { response in server.post(response, to: id) }
                    } catch {
                        enqueue(.failure(error), on: &connection)
                    }
                }
            }
        }

        private func enqueue(_ response: ControlResponse, on connection: inout Connection) {
            // The limit is on answers already waiting, so one long answer
            // (a long history) always goes out to a client that reads.
            let waiting = connection.outbox.count
            connection.outbox += Array((response.line + "\n").utf8)
            if waiting > server.limits.maximumOutbox {
                server.logger.notice("dropping control client \(connection.peer): it does not read its answers")
                connection.readClosed = true
                connection.outbox.removeAll()
                connection.queue.removeAll()
                _ = Glibc.shutdown(connection.fd, Int32(SHUT_RDWR))
            }
        }

        private func flush(_ connection: inout Connection) {
            while !connection.outbox.isEmpty {
                let sent = connection.outbox.withUnsafeBytes {
                    send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                }
                if sent > 0 {
                    connection.outbox.removeFirst(sent)
                    connection.lastActivity = SystemClock.now().nanosecondsCount
                } else {
                    if sent < 0 && errno != EAGAIN && errno != EINTR {
                        connection.outbox.removeAll()
                        connection.queue.removeAll()
                        connection.readClosed = true
                    }
                    return
                }
            }
        }

        private mutating func closeIfDone(_ fd: Int32) {
            guard var connection = connections[fd] else { return }
            if connection.refused && connection.outbox.isEmpty && !connection.writeClosed {
                _ = Glibc.shutdown(fd, Int32(SHUT_WR))
                connection.writeClosed = true
                connections[fd] = connection
            }
            let refusedLongAgo = connection.refused && SystemClock.now().nanosecondsCount - connection.lastActivity > 2_000_000_000
            if (connection.readClosed && connection.queue.isEmpty && !connection.awaitingReply && connection.outbox.isEmpty)
                || refusedLongAgo
            {
                close(fd)
                connections[fd] = nil
            }
        }

        private mutating func expireIdle() {
            let deadline = SystemClock.now().nanosecondsCount - Int64(server.limits.idleTimeoutSeconds * 1e9)
            for (fd, connection) in connections
            where connection.lastActivity < deadline && !connection.awaitingReply && !connection.watching {
                close(fd)
                connections[fd] = nil
            }
        }
    }
}
