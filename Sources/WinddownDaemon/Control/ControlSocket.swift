#if canImport(Glibc)
    public import Glibc
#endif

/// The daemon's listening Unix socket when it makes its own (no socket
/// activation): the folder is created with safe modes, a stale socket left
/// by a crashed daemon is replaced, but one that a live daemon answers on
/// is never taken over.
public enum ControlSocket {
    public struct SetupError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Binds and listens on `path`; returns the listening descriptor.
    /// - Parameter group: a group that may connect besides the owner (mode 0660), or nil (0600).
    public static func listen(at path: String, group: gid_t?) throws(SetupError) -> Int32 {
        guard path.utf8.count < 108 else { throw SetupError(description: "socket path too long (over 107 bytes): \(path)") }
        try makeParentFolder(of: path, group: group)
        try removeStale(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", path) }
        var address = Self.address(path)
        // Created with no access for others at all, then opened up to the group.
        let previousMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previousMask)
        guard bound == 0 else {
            let error = failure("bind", path)
            close(fd)
            throw error
        }
        if let group {
            if chown(path, getuid(), group) != 0 || chmod(path, 0o660) != 0 {
                let error = failure("give the control group access to", path)
                close(fd)
                throw error
            }
        }
        // The kernel caps the backlog at net.core.somaxconn: asking for
        // the most gets the system's maximum, so a burst of clients queues
        // instead of failing with EAGAIN.
        guard Glibc.listen(fd, Int32.max) == 0 else {
            let error = failure("listen", path)
            close(fd)
            throw error
        }
        return fd
    }

    /// Creates the socket's folder (0750 with a group, else 0700) when missing.
    static func makeParentFolder(of path: String, group: gid_t?) throws(SetupError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        if let failure = Folders.create(String(path[..<slash]), mode: group == nil ? 0o700 : 0o750) {
            throw SetupError(description: "cannot create the folder \(failure.folder): \(failure.reason)")
        }
    }

    /// A socket file nobody answers on is a leftover of a crash: removed.
    /// One a daemon answers on means winddownd is already running.
    static func removeStale(_ path: String) throws(SetupError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw SetupError(description: "\(path) exists and is not a socket; not touching it")
        }
        if isAnswered(path) {
            throw SetupError(description: "another winddownd is already answering on \(path)")
        }
        if unlink(path) != 0 { throw failure("remove the stale socket", path) }
    }

    static func isAnswered(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }

    /// The `sockaddr_un` for `path` (which `listen` has checked fits).
    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        return address
    }

    static func failure(_ action: String, _ path: String) -> SetupError {
        SetupError(description: "cannot \(action) \(path): \(String(cString: strerror(errno)))")
    }
}
