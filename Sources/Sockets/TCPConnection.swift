#if canImport(Glibc)
    import Glibc
#endif

/// An outgoing TCP connection: the daemon's only one, made while a
/// session plays to a Snapcast server. It listens nowhere.
public enum TCPConnection {
    /// A connected socket to `host`:`port`, non-blocking and closed on exec;
    /// each address the name resolves to is tried in turn, each for at most
    /// `timeout`. The error names the call and the system's reason.
    public static func connect(host: String, port: Int, timeout: Duration) throws(TCPError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw TCPError(host: host, port: port, call: "getaddrinfo()", reason: String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(list) }
        var lastError = TCPError(host: host, port: port, call: "connect()", reason: "no address")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            do { return try attempt(info.pointee, host: host, port: port, timeout: timeout) } catch { lastError = error }
        }
        throw lastError
    }

    private static func attempt(_ info: addrinfo, host: String, port: Int, timeout: Duration) throws(TCPError) -> Int32 {
        let flags = info.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(info.ai_family, flags, info.ai_protocol)
        guard fd >= 0 else { throw TCPError(host: host, port: port, call: "socket()", errno: errno) }
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let error = errno
                close(fd)
                throw TCPError(host: host, port: port, call: "connect()", errno: error)
            }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            var ready: Int32
            repeat { ready = poll(&poller, 1, milliseconds) } while ready < 0 && errno == EINTR
            guard ready > 0 else {
                close(fd)
                throw TCPError(host: host, port: port, call: "connect()", reason: "no answer within \(milliseconds) ms")
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            guard failure == 0 else {
                close(fd)
                throw TCPError(host: host, port: port, call: "connect()", errno: failure)
            }
        }
        var on: Int32 = 1
        // Small JSON-RPC lines and steady audio both want to leave at once.
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }
}

/// Why a TCP connection failed or broke, naming the peer and the call.
public struct TCPError: Error, CustomStringConvertible, Sendable, Equatable {
    public let host: String
    public let port: Int
    public let call: String
    public let reason: String

    public init(host: String, port: Int, call: String, reason: String) {
        self.host = host
        self.port = port
        self.call = call
        self.reason = reason
    }

    public init(host: String, port: Int, call: String, errno code: Int32) {
        self.init(host: host, port: port, call: call, reason: String(cString: strerror(code)))
    }

    public var description: String { "\(call) to \(host):\(port): \(reason)" }
}
