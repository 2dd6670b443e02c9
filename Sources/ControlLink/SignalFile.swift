#if canImport(Glibc)
    import Glibc
#endif
import CLinux

/// A bridge's SIGTERM, SIGINT and SIGHUP read as data from a descriptor the poll loop
/// watches (`signalfd`), so a signal is handled between two steps of the
/// loop, never in the middle of one. Made before any other thread starts,
/// so that none of them receives the signals instead.
public struct SignalFile: ~Copyable {
    public let descriptor: Int32

    public static let handled = [SIGTERM, SIGINT, SIGHUP]

    public init() throws(BridgeStartError) {
        // A broker or daemon that goes away mid-write must cost an error code, never the bridge.
        signal(SIGPIPE, SIG_IGN)
        var mask = sigset_t()
        sigemptyset(&mask)
        for signo in Self.handled { sigaddset(&mask, signo) }
        guard pthread_sigmask(SIG_BLOCK, &mask, nil) == 0 else { throw BridgeStartError("pthread_sigmask() failed") }
        let fd = signalfd(-1, &mask, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard fd >= 0 else { throw BridgeStartError("signalfd() failed: \(String(cString: strerror(errno)))") }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The signals waiting, in order.
    public func take() -> [Int32] {
        var signals: [Int32] = []
        var info = signalfd_siginfo()
        while read(descriptor, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            signals.append(Int32(info.ssi_signo))
        }
        return signals
    }
}

/// Why the bridge cannot run; printed as it is, exit status 78 (EX_CONFIG)
/// so that systemd does not restart it in a loop over a setting.
public struct BridgeStartError: Error, CustomStringConvertible {
    public let description: String
    /// Another instance holds the bus name: exit 69 (EX_UNAVAILABLE), which the unit does not restart on.
    public let nameTaken: Bool
    public init(_ description: String, nameTaken: Bool = false) {
        self.description = description
        self.nameTaken = nameTaken
    }
}
