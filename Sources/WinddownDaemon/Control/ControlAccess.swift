#if canImport(Glibc)
    public import Glibc
#endif

/// Who may use the control socket: root, the daemon's own user, and members
/// of `control.group`. Checked on every connection from the peer's
/// credentials (SO_PEERCRED), on top of the socket file's mode.
public struct ControlAccess: Sendable {
    public struct Peer: Sendable, Equatable, CustomStringConvertible {
        public var pid: Int32
        public var uid: uid_t
        public var gid: gid_t
        public var description: String { "pid \(pid), uid \(uid), gid \(gid)" }
    }

    public let ownUser: uid_t
    public let group: gid_t?

    public init(ownUser: uid_t = getuid(), group: gid_t?) {
        self.ownUser = ownUser
        self.group = group
    }

    /// The credentials of the process at the other end of `fd`.
    public static func peer(of fd: Int32) -> Peer? {
        // `struct ucred` needs _GNU_SOURCE, which Swift's Glibc module does
        // not define; this has the kernel's layout (pid, uid, gid).
        struct Credentials {
            var pid: Int32 = 0
            var uid: UInt32 = 0
            var gid: UInt32 = 0
        }
        var credentials = Credentials()
        var length = socklen_t(MemoryLayout<Credentials>.size)
        let peerCredentials: Int32 = 17  // SO_PEERCRED on Linux
        guard getsockopt(fd, SOL_SOCKET, peerCredentials, &credentials, &length) == 0 else { return nil }
        return Peer(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid)
    }

    /// Root and the daemon's own user: never limited by other users' floods.
    public func isPrivileged(_ peer: Peer) -> Bool {
        peer.uid == 0 || peer.uid == ownUser
    }

    public func allows(_ peer: Peer) -> Bool {
        if peer.uid == 0 || peer.uid == ownUser { return true }
        guard let group else { return false }
        return peer.gid == group || Self.supplementaryGroups(of: peer.uid, primary: peer.gid).contains(group)
    }

    /// A group name to its id, for `control.group`.
    public static func groupID(named name: String) -> gid_t? {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    static func supplementaryGroups(of uid: uid_t, primary: gid_t) -> [gid_t] {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return []
        }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primary, &groups, &count) >= 0 else { return [] }
        }
        return Array(groups.prefix(Int(count)))
    }
}
