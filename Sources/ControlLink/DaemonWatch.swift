#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

/// A long-lived connection to the daemon for a bridge's poll loop: it sends
/// `watch`, then hears every status change as it happens (no polling), and
/// carries the bridge's requests on the same connection. Non-blocking:
/// poll `descriptor` for reading, and for writing while `wantsWrite`.
///
/// Requests are answered in order, so answers are matched to the oldest
/// request still waiting; pushed status lines carry `"event"` and are told apart.
public final class DaemonWatch {
    public enum Message: Equatable, Sendable {
        /// The answer to `watch`: the status when the watch began.
        case watching(StatusReport)
        /// A change the daemon pushed.
        case status(StatusReport)
        /// The daemon's answer to `send(_:)`.
        case answer(ControlRequest, ControlResponse)
    }

    public let descriptor: Int32
    public let path: String
    private var framer = LineFramer(maximumLength: 1 << 20)
    private var outbox: [UInt8] = []
    /// Sent and not yet answered, oldest first; `watch` is the first.
    private var waiting: [ControlRequest] = []
    private let parser = JSONParser()

    /// Requests queued and unanswered past this mean the daemon is stuck: the connection is dropped.
    public static let maximumWaiting = 64

    public init(path: String) throws(ControlLinkError) {
        self.path = path
        descriptor = try UnixStreamSocket.connect(path: path, nonBlocking: true)
        send(.watch)
    }

    deinit { close(descriptor) }

    public var wantsWrite: Bool { !outbox.isEmpty }

    /// Queues `request`; its answer comes from `read` as `.answer`.
    public func send(_ request: ControlRequest) {
        waiting.append(request)
        outbox += Array((request.line + "\n").utf8)
    }

    /// The requests that will now never be answered (after the connection broke).
    public func abandon() -> [ControlRequest] {
        defer { waiting.removeAll() }
        return waiting.filter { $0 != .watch }
    }

    /// Sends what the socket takes now.
    public func write() throws(ControlLinkError) {
        while !outbox.isEmpty {
            let sent = outbox.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                outbox.removeFirst(sent)
            } else if sent < 0 && (errno == EAGAIN || errno == EINTR) {
                return
            } else {
                throw .failed("send()", path: path, errno: errno)
            }
        }
    }

    /// Everything the daemon sent since the last call, and why the
    /// connection is over when it is (the connection ended, or the daemon
    /// said something that is not the protocol): what came before the end
    /// is never lost with it.
    public func read() -> (messages: [Message], ended: ControlLinkError?) {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var messages: [Message] = []
        while true {
            let got = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if got == 0 { return (messages, ControlLinkError(message: "winddownd closed the connection (\(path))")) }
            if got < 0 {
                if errno == EAGAIN || errno == EINTR { return (messages, nil) }
                return (messages, .failed("recv()", path: path, errno: errno))
            }
            for frame in framer.feed(chunk[..<got]) {
                guard case .line(let bytes) = frame else {
                    return (messages, ControlLinkError(message: "winddownd sent a line longer than \(framer.maximumLength) bytes (\(path))"))
                }
                do { messages.append(try message(from: bytes)) } catch { return (messages, error) }
            }
        }
    }

    private func message(from line: [UInt8]) throws(ControlLinkError) -> Message {
        let response: ControlResponse
        do { response = try ControlResponse(parsing: line, parser: parser) } catch {
            throw ControlLinkError(message: "\(error.message) (\(path))")
        }
        if response.eventName == ControlResponse.statusEventName {
            return .status(try report(in: response))
        }
        guard !waiting.isEmpty else { throw ControlLinkError(message: "winddownd answered a request that was not sent (\(path))") }
        let request = waiting.removeFirst()
        if request == .watch {
            guard response.isOK else { throw ControlLinkError(message: "watch refused: \(response.fields["error"]?.stringValue ?? "") (\(path))") }
            return .watching(try report(in: response))
        }
        return .answer(request, response)
    }

    private func report(in response: ControlResponse) throws(ControlLinkError) -> StatusReport {
        do { return try StatusReport(json: response.fields) } catch { throw ControlLinkError(message: "\(error.message) (\(path))") }
    }

    /// One turn of a bridge's poll loop on this connection: writes and reads
    /// as `revents` allow, and says why the connection is over when it is
    /// (broken, or the daemon stopped answering); messages read before the end are kept.
    public func service(_ revents: Int16) -> (messages: [Message], ended: ControlLinkError?) {
        do throws(ControlLinkError) {
            if revents & Int16(POLLOUT) != 0 { try write() }
        } catch {
            return ([], error)
        }
        var messages: [Message] = []
        if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            let read = read()
            if let ended = read.ended { return (read.messages, ended) }
            messages = read.messages
        }
        if isBacklogged { return (messages, ControlLinkError(message: "winddownd stopped answering (\(path))")) }
        return (messages, nil)
    }

    /// Whether the daemon has stopped answering what it was sent.
    public var isBacklogged: Bool { waiting.count > Self.maximumWaiting }
}
