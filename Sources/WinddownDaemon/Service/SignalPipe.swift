#if canImport(Glibc)
    import Glibc
#endif
import WinddownAudio

/// Signals turned into ordinary events: the handler only writes the signal
/// number into a pipe (all a handler may safely do), and a thread of its
/// own blocks reading it. Nothing polls, so an idle daemon never wakes.
enum SignalPipe {
    /// The pipe's write end, for the handler; set once before any handler is installed.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Routes `signals` to `handle`, called on the signal thread. SIGPIPE is
    /// ignored as well: a client, a sound server or a hook that goes away
    /// mid-write must cost an error code, never the daemon.
    static func install(_ signals: [Int32], handle: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        writeEnd = ends[1]
        let readEnd = ends[0]
        for signo in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                var byte = UInt8(truncatingIfNeeded: signo)
                _ = write(SignalPipe.writeEnd, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signo, &action, nil)
        }
        _ = WorkerThread.start {
            var byte: UInt8 = 0
            while true {
                let got = read(readEnd, &byte, 1)
                if got == 1 { handle(Int32(byte)) } else if got < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}
