/// Socket activation handed the daemon something it cannot serve on.
public struct SocketActivationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was wrong; a struct so that a reason can be added without breaking callers.
    public struct Reason: Hashable, Sendable {
        let name: String
        /// `LISTEN_FDS` passed more or fewer than one descriptor.
        public static let unexpectedCount = Reason(name: "unexpectedCount")
        /// The passed descriptor is not a listening `AF_UNIX` `SOCK_STREAM` socket.
        public static let notListeningUnixStream = Reason(name: "notListeningUnixStream")
        /// libsystemd itself failed (malformed `LISTEN_FDS`/`LISTEN_PID`, a closed descriptor).
        public static let systemd = Reason(name: "systemd")
    }

    public let reason: Reason
    /// The one-line explanation, e.g. `LISTEN_FDS gave 2 sockets; winddownd expects one Unix stream socket`.
    public let message: String
    /// The libsystemd failure underneath, when there is one.
    public let underlying: SystemdError?

    init(_ reason: Reason, _ message: String, underlying: SystemdError? = nil) {
        self.reason = reason
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
