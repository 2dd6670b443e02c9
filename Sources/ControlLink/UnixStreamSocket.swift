#if canImport(Glibc)
    import Glibc
#endif

/// Connecting to the daemon's control socket: the one place that turns a
/// path into a connected Unix stream socket, for `winddownctl` and the bridges.
public enum UnixStreamSocket {
    /// A connected socket, closed on exec. Blocking, with `timeout` on the
    /// connect and every send (Linux bounds a Unix-socket connect by the
    /// send timeout, which matters when the daemon's listen queue is full);
    /// or `nonBlocking`, when a full queue is an error to retry later.
    public static func connect(path: String, nonBlocking: Bool = false, timeout: Duration = .seconds(10)) throws(ControlLinkError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(path.utf8)
        guard !pathBytes.isEmpty, pathBytes.count < capacity, !pathBytes.contains(0) else {
            throw .unusablePath(path, capacity: capacity - 1)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: pathBytes) }
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
        let fd = socket(AF_UNIX, flags, 0)
        guard fd >= 0 else { throw .failed("socket()", path: path, errno: errno) }
        if !nonBlocking {
            var sendTimeout = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                Glibc.connect(fd, generic, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected != 0 {
            let error = errno
            close(fd)
            switch error {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .notRunning(path)
            case EACCES, EPERM: throw .permissionDenied(path)
            case EAGAIN: throw ControlLinkError(message: "winddownd is not accepting connections yet (\(path)): its queue is full")
            default: throw .failed("connect()", path: path, errno: error)
            }
        }
        return fd
    }
}

/// Why the control socket could not be used, in words for a person.
public struct ControlLinkError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case notRunning, permissionDenied, other }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind = .other, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func notRunning(_ path: String) -> ControlLinkError {
        ControlLinkError(.notRunning, message: "winddownd is not running (no socket at \(path))")
    }

    public static func permissionDenied(_ path: String) -> ControlLinkError {
        ControlLinkError(.permissionDenied, message: "permission denied on \(path): ask to be added to the control.group")
    }

    static func unusablePath(_ path: String, capacity: Int) -> ControlLinkError {
        ControlLinkError(message: "\(path): not a usable socket path (at most \(capacity) bytes)")
    }

    public static func failed(_ call: String, path: String, errno code: Int32) -> ControlLinkError {
        ControlLinkError(message: "\(call) on \(path) failed: \(String(cString: strerror(code)))")
    }
}
