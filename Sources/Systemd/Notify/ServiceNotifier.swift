import Glibc

/// The service manager's notify protocol (`Type=notify`): `READY=1`, `STATUS=`,
/// `RELOADING=1`, `STOPPING=1`, `WATCHDOG=1`.
///
/// Outside systemd (`NOTIFY_SOCKET` unset) every call is a silent no-op, so
/// the daemon can notify unconditionally. A value type with no state: each
/// call reads the environment, which systemd set before the process started.
public struct ServiceNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens: `NOTIFY_SOCKET` is set.
    public var isActive: Bool { Environment.value("NOTIFY_SOCKET") != nil }

    /// `READY=1`, with a first `STATUS=` line when given. Send it once the
    /// daemon really serves, and again after each reload.
    public func ready(status: String? = nil) throws(SystemdError) {
        try send(["READY=1"] + Self.statusLine(status))
    }

    /// `STATUS=`: one line a person reads in `systemctl status`.
    public func status(_ text: String) throws(SystemdError) {
        try send(Self.statusLine(text))
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` now (systemd 253 and later want
    /// it to match the reload to the request; 252 ignores it). Follow with `ready()`.
    public func reloading(status: String? = nil) throws(SystemdError) {
        try send(["RELOADING=1", "MONOTONIC_USEC=\(monotonicMicroseconds())"] + Self.statusLine(status))
    }

    /// `STOPPING=1`: the daemon is shutting down.
    public func stopping(status: String? = nil) throws(SystemdError) {
        try send(["STOPPING=1"] + Self.statusLine(status))
    }

    /// `WATCHDOG=1`: a keep-alive ping. Send it every `watchdogInterval`,
    /// and only while the daemon's loops really make progress.
    public func watchdog() throws(SystemdError) {
        try send(["WATCHDOG=1"])
    }

    /// Sends `assignments` (each `NAME=value`, no newlines) as one datagram.
    /// Returns `false` when nothing was sent: no service manager listens, or
    /// its queue is full. The datagram is sent here rather than through
    /// libsystemd's `sd_notify`, which waits while the receiver's queue is
    /// full: a daemon must never hang because nobody reads its status.
    @discardableResult
    public func send(_ assignments: [String]) throws(SystemdError) -> Bool {
        guard let target = Environment.value("NOTIFY_SOCKET"), !target.isEmpty else { return false }
        let context = Self.summary(assignments)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(target.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A path, or `@name` for an abstract socket (a leading NUL on the wire).
        guard path.first == UInt8(ascii: "/") || path.first == UInt8(ascii: "@"), path.count < capacity else {
            throw SystemdError(code: -EINVAL, call: "sendto", context: context)
        }
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path[0] == 0 ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemdError(code: -errno, call: "socket", context: context) }
        defer { close(fd) }
        let state = assignments.joined(separator: "\n")
        let sent = state.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, text, strlen(text), Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), $0, length)
                }
            }
        }
        if sent >= 0 { return true }
        if errno == EAGAIN { return false }
        throw SystemdError(code: -errno, call: "sendto", context: context)
    }

    /// `STATUS=` with line breaks and other control characters turned into
    /// spaces: the protocol is line-based, and C strings end at NUL.
    static func statusLine(_ text: String?) -> [String] {
        guard let text else { return [] }
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
        return ["STATUS=\(flat)"]
    }

    /// The variable names only, for error messages (`READY, STATUS`).
    private static func summary(_ assignments: [String]) -> String {
        assignments.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0 }
            .joined(separator: ", ")
    }
}
