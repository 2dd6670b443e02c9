#if canImport(Glibc)
    import Glibc
#endif
import ControlLink

/// One connection to the control socket: plain POSIX calls, one request
/// line out, one response line back, with a deadline on every answer.
struct ControlConnection: ~Copyable {
    let path: String
    let timeout: Duration
    private let descriptor: Int32
    /// Bytes read past the last line, kept for the next answer.
    private var pending: [UInt8] = []

    /// The longest response line accepted (a full `history 1000` is ~200 KiB).
    static let maximumResponseLength = 4 << 20

    init(path: String, timeout: Duration = .seconds(10)) throws(ControlClientError) {
        self.path = path
        self.timeout = timeout
        let fd: Int32
        do { fd = try UnixStreamSocket.connect(path: path, timeout: timeout) } catch { throw ControlClientError(message: error.message) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Sends `line` and a newline, then waits for the answer line.
    mutating func exchange(_ line: String) throws(ControlClientError) -> [UInt8] {
        try send(Array((line + "\n").utf8))
        return try receiveLine()
    }

    private func send(_ bytes: [UInt8]) throws(ControlClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw timedOut() }
                if errno == EPIPE || errno == ECONNRESET { throw closedEarly() }
                throw Self.failure("send()", path: path)
            }
            offset += sent
        }
    }

    /// The next line from the daemon, without its newline.
    private mutating func receiveLine() throws(ControlClientError) -> [UInt8] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var searchedUpTo = 0
        while true {
            if let newline = pending[searchedUpTo...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            searchedUpTo = pending.count
            if pending.count > Self.maximumResponseLength {
                throw ControlClientError(message: "winddownd's answer is longer than \(Self.maximumResponseLength) bytes")
            }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw timedOut() }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw Self.failure("poll()", path: path)
            }
            if ready == 0 { throw timedOut() }
            let got = chunk.withUnsafeMutableBytes { raw in recv(descriptor, raw.baseAddress, raw.count, 0) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                if errno == ECONNRESET { throw closedEarly() }
                throw Self.failure("recv()", path: path)
            }
            if got == 0 { throw closedEarly() }
            pending.append(contentsOf: chunk[..<got])
        }
    }

    private func timedOut() -> ControlClientError {
        ControlClientError(message: "winddownd did not answer within \(timeout.compactSeconds) s (\(path))")
    }

    private func closedEarly() -> ControlClientError {
        ControlClientError(
            message: "winddownd closed the connection without answering (\(path)); "
                + "if it runs, your user may not be allowed: ask to be added to the control.group")
    }

    private static func failure(_ call: String, path: String, errno code: Int32 = errno) -> ControlClientError {
        ControlClientError(message: "\(call) on \(path) failed: \(String(cString: strerror(code)))")
    }
}

extension Duration {
    fileprivate var compactSeconds: Int64 { components.seconds }
}
