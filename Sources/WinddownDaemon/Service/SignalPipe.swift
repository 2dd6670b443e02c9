#if canImport(Glibc)
    import Glibc
#endif
import Threads

/// Signals turned into ordinary events: the handler only writes the signal
/// number into a pipe (all a handler may safely do), and a thread of its
/// own blocks reading it. Nothing polls, so an idle daemon never wakes.
///
/// The handlers go in first thing (`prepare`), before the configuration is
/// read: a SIGTERM that arrives while the daemon is still starting waits in
/// the pipe and ends it gracefully once it serves, instead of killing it.
enum SignalPipe {
    /// What the daemon does with the signals it handles.
    static let handled = [SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1]

    /// Signals whose default would end the daemon but that mean nothing to
    /// it: ignored, so a stray `kill -USR2` or an alarm cannot cost a night.
    /// SIGPIPE too: a client, a sound server or a hook that goes away
    /// mid-write must cost an error code, never the daemon. SIGXFSZ: a file
    /// size limit makes the write fail (and be reported) instead.
    static var ignored: [Int32] {
        [SIGPIPE, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT, SIGXCPU, SIGXFSZ] + realTimeSignals
    }

    /// SIGRTMIN to SIGRTMAX: glibc keeps the first few for itself and
    /// reports the rest through these calls (the macros are not imported).
    static var realTimeSignals: [Int32] {
        let first = __libc_current_sigrtmin()
        let last = __libc_current_sigrtmax()
        return first <= last ? Array(first...last) : []
    }

    /// The pipe's write end, for the handler; set once before any handler is installed.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1
    nonisolated(unsafe) private static var readEnd: Int32 = -1

    /// Why the signals cannot be routed: without the pipe, SIGTERM would
    /// kill instead of stopping gracefully, so the daemon must not start.
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// Installs the handlers and the ignored signals. Call once, as early as
    /// possible; a failure is reported by `listen`.
    static func prepare() {
        for signo in ignored { signal(signo, SIG_IGN) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // A flood of signals must never block the handler: past the pipe's
        // capacity, further bytes are dropped (the ones in the pipe suffice).
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        readEnd = ends[0]
        writeEnd = ends[1]
        for signo in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: signo)
                _ = write(SignalPipe.writeEnd, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(signo, &action, nil)
        }
    }

    /// Routes the handled signals, including any that came before, to
    /// `handle`, called on the signal thread.
    static func listen(_ handle: @escaping @Sendable (Int32) -> Void) throws(SetupError) {
        if readEnd < 0 { prepare() }
        guard readEnd >= 0 else {
            throw SetupError(description: "cannot make the signal pipe: \(String(cString: strerror(errno)))")
        }
        let readEnd = Self.readEnd
        do {
            try WorkerThread.detach {
                var byte: UInt8 = 0
                while true {
                    let got = read(readEnd, &byte, 1)
                    if got == 1 { handle(Int32(byte)) } else if got < 0 && errno == EINTR { continue } else { return }
                }
            }
        } catch {
            throw SetupError(description: error.description)
        }
    }
}

/// For the offline commands (`render`, `play`, `prepare-voice`): a speech
/// engine that exits before reading its text must cost an error code on the
/// write, never the whole command.
public enum BrokenPipes {
    public static func ignore() {
        signal(SIGPIPE, SIG_IGN)
    }
}
