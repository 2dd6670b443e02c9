import CSystemd
import Glibc

/// The control socket systemd passes to a socket-activated `winddownd`.
public enum ListenedSockets {
    /// Takes the socket systemd passed (`LISTEN_FDS`, `LISTEN_PID`), or
    /// returns `nil` when the daemon was not socket-activated and should
    /// create its own. Unsets the `LISTEN_*` variables, so children (hooks)
    /// do not inherit them and a second call returns `nil`.
    public static func take() throws(SocketActivationError) -> ListenedSocket? {
        let count = sd_listen_fds(1)
        if count < 0 {
            let error = SystemdError(code: count, call: "sd_listen_fds", context: "LISTEN_FDS/LISTEN_PID")
            throw SocketActivationError(.systemd, "socket activation failed: \(error)", underlying: error)
        }
        guard count > 0 else { return nil }
        guard count == 1 else {
            throw SocketActivationError(
                .unexpectedCount, "LISTEN_FDS gave \(count) sockets; winddownd expects one Unix stream socket")
        }
        return try validate(winddown_listen_fds_start())
    }

    /// Checks that `fd` is a listening `AF_UNIX` stream socket and wraps it.
    static func validate(_ fd: Int32) throws(SocketActivationError) -> ListenedSocket {
        let result = sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0)
        if result < 0 {
            let error = SystemdError(code: result, call: "sd_is_socket_unix", context: "fd \(fd)")
            throw SocketActivationError(
                .systemd, "the socket systemd passed (fd \(fd)) is unusable: \(error)", underlying: error)
        }
        guard result > 0 else {
            throw SocketActivationError(
                .notListeningUnixStream,
                "the socket systemd passed (fd \(fd)) is \(describe(fd)); winddownd expects one listening Unix stream socket (ListenStream=/path in the .socket unit)"
            )
        }
        return ListenedSocket(fileDescriptor: fd)
    }

    /// What `fd` is instead, for the error message.
    private static func describe(_ fd: Int32) -> String {
        if sd_is_socket(fd, AF_UNSPEC, 0, -1) <= 0 { return "not a socket" }
        if sd_is_socket(fd, AF_UNIX, 0, -1) <= 0 { return "not a Unix socket" }
        if sd_is_socket(fd, AF_UNIX, Int32(SOCK_STREAM.rawValue), -1) <= 0 { return "not a stream socket" }
        return "a Unix stream socket that is not listening"
    }
}
