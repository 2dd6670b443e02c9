#if canImport(Glibc)
    import Glibc
#endif
import DBus
import Logging
import Synchronization
import WinddownCore

/// logind's lock against suspend and idle actions for as long as a session
/// plays (`session.inhibit_sleep`): `Inhibit("sleep:idle", …, "block")`
/// hands back a file descriptor, and the lock lasts until it is closed.
/// Without logind (a container, a minimal system) there is no lock, one
/// line in the log says so, and the session plays all the same.
final class SleepInhibitor: Sendable {
    private let descriptor: Atomic<Int32>

    private init(descriptor: Int32) {
        self.descriptor = Atomic(descriptor)
    }

    deinit { release() }

    /// The words logind shows (`systemd-inhibit --list`, a desktop's "suspend anyway?").
    static let reason = "a wind-down session is playing; the machine may sleep once it has faded out"

    /// Whether "no logind" has been said: once per daemon, not every night.
    private static let toldUnavailable = Atomic(false)

    /// The lock, or nil (and the reason logged) when logind does not give one.
    static func take(logger: Logger) -> SleepInhibitor? {
        do {
            let bus = try BusConnection.system()
            let reply = try bus.call(
                destination: "org.freedesktop.login1", path: "/org/freedesktop/login1",
                interface: "org.freedesktop.login1.Manager", member: "Inhibit",
                [.string("sleep:idle"), .string("winddown"), .string(reason), .string("block")], timeout: .seconds(2))
            guard case .unixFD(let passed)? = try reply.values().first else {
                throw InhibitorError(description: "Inhibit answered with (\(reply.signature)), not a file descriptor")
            }
            // The descriptor belongs to the reply message: keep a copy of our own.
            let own = fcntl(passed, F_DUPFD_CLOEXEC, 3)
            guard own >= 0 else { throw InhibitorError(description: "fcntl(F_DUPFD_CLOEXEC) failed: \(String(cString: strerror(errno)))") }
            logger.info("holding logind's sleep and idle inhibitor lock while the session plays")
            return SleepInhibitor(descriptor: own)
        } catch {
            let message = "no logind inhibitor lock (\(error)): the machine may suspend during the session; it plays on"
            if toldUnavailable.exchange(true, ordering: .relaxed) {
                logger.debug("\(message)")
            } else {
                logger.notice("\(message)")
            }
            return nil
        }
    }

    /// Lets the machine sleep again (closing the descriptor ends the lock); again is harmless.
    func release() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }
}

private struct InhibitorError: Error, CustomStringConvertible {
    let description: String
}
