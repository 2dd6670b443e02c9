#if canImport(Glibc)
    import Glibc
#endif
import Clocks
import Logging
import Synchronization
import WinddownAudio
import WinddownCore

/// Runs the dimming hook for one call and waits for it, on the calling
/// thread: `HOOK PHASE LEVEL TRANSITION_S` in a process group of its own,
/// stdin from /dev/null, a clean environment, its output logged a line at
/// a time (tagged with its name), killed with its whole group at the
/// timeout (SIGTERM, then SIGKILL after a short grace).
struct HookRunner: Sendable {
    /// How a call went.
    enum Outcome: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case killedBySignal(Int32)
        case killedAfterTimeout
        case spawnFailed(String)

        var succeeded: Bool { self == .exited(0) }

        var description: String {
            switch self {
            case .exited(let code): "exit \(code)"
            case .killedBySignal(let signo): "killed by signal \(signo)"
            case .killedAfterTimeout: "still running at the timeout, killed with its process group"
            case .spawnFailed(let reason): reason
            }
        }
    }

    let hook: String
    let timeout: Duration
    /// Everything of the environment but the call's own `WINDDOWN_*` values.
    let baseEnvironment: [String: String]
    let logger: Logger
    /// Between SIGTERM and SIGKILL.
    static let killGrace: Duration = .seconds(1)

    /// The hook's name in the log: its file name.
    var name: String { hook.split(separator: "/").last.map(String.init) ?? hook }

    /// The environment a hook sees: a fixed PATH, HOME and LANG when the
    /// daemon has them, and the `WINDOWN_*` values; nothing else (no
    /// NOTIFY_SOCKET, WATCHDOG_*, LISTEN_*).
    static func baseEnvironment(
        daemon: [String: String], session: String, hookEnvironmentFile: String, stateFolder: String?
    ) -> [String: String] {
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "WINDDOWN_SESSION": session, "WINDDOWN_HOOK_ENV": hookEnvironmentFile]
        for key in ["HOME", "LANG"] { if let value = daemon[key], !value.isEmpty { environment[key] = value } }
        if let stateFolder { environment["WINDDOWN_STATE_DIR"] = stateFolder }
        return environment
    }

    /// One hook call at a time in the whole daemon: a stopped session's
    /// `abort` still running when the next session starts finishes before
    /// that session's `start`, so the lights never end on the older level.
    private static let oneAtATime = Mutex<Void>(())

    func run(_ call: DimmingCall) -> Outcome {
        Self.oneAtATime.withLock { _ in runAlone(call) }
    }

    private func runAlone(_ call: DimmingCall) -> Outcome {
        var environment = baseEnvironment
        environment["WINDDOWN_PHASE"] = call.phase.rawValue
        environment["WINDDOWN_LEVEL"] = "\(call.level)"
        environment["WINDDOWN_TRANSITION_S"] = call.transitionText

        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return .spawnFailed("cannot make a pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // (pipe2 is not imported; other children close everything from 3 up anyway.)
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                hook, [call.phase.rawValue, "\(call.level)", call.transitionText],
                ChildProcess.Options(
                    environment: environment.map { "\($0.key)=\($0.value)" }.sorted(), ownProcessGroup: true, closedInput: true,
                    output: writeEnd))
        } catch {
            close(readEnd)
            close(writeEnd)
            return .spawnFailed(error.description)
        }
        close(writeEnd)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var output = OutputReader(fd: readEnd, tag: "hook \(name)", logger: hookLogger)
        defer { output.close() }

        let deadline = SystemClock.now() + timeout
        var status: Int32?
        while status == nil {
            status = reap(pid)
            if status != nil { break }
            let left = deadline - SystemClock.now()
            guard left > .zero else { return killGroup(pid, output: &output) }
            let slice = min(left, .milliseconds(100))
            if output.isOpen { output.pump(waiting: slice) } else { SystemClock().sleep(for: min(slice, .milliseconds(20))) }
        }
        // The hook is done; what it wrote is in the pipe. Whatever it left
        // running in its group ends with the call: a background `sleep`
        // or a stuck curl must not outlive it into the next call.
        output.pump(waiting: .zero)
        endLeftovers(ofGroup: pid, output: &output)
        guard let status else { return .killedAfterTimeout }  // not reached: the loop ends with a status
        let termination = status & 0x7f
        return termination == 0 ? .exited((status >> 8) & 0xff) : .killedBySignal(termination)
    }

    private var hookLogger: Logger {
        var logger = logger
        logger[metadataKey: "hook"] = "\(name)"
        return logger
    }

    /// The exit status once `pid` has ended, reaping it; nil while it runs.
    private func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { return status }
        if result < 0 && errno != EINTR { return -1 << 8 }
        return nil
    }

    /// After the leader has exited: what is left of its group ends too.
    private func endLeftovers(ofGroup pid: pid_t, output: inout OutputReader) {
        guard kill(-pid, 0) == 0 else { return }
        logger.notice("hook \(name) left processes running; ending them with the call")
        endGroup(pid, leaderReaped: true, output: &output)
    }

    /// At the timeout: the whole group, the hook included.
    private func killGroup(_ pid: pid_t, output: inout OutputReader) -> Outcome {
        endGroup(pid, leaderReaped: false, output: &output)
        return .killedAfterTimeout
    }

    /// SIGTERM to the whole group, SIGKILL to whatever of it is left after
    /// the grace, and the leader reaped if it was not yet.
    private func endGroup(_ pid: pid_t, leaderReaped: Bool, output: inout OutputReader) {
        kill(-pid, SIGTERM)
        let graceEnd = SystemClock.now() + Self.killGrace
        var reaped = leaderReaped
        while SystemClock.now() < graceEnd {
            if !reaped, reap(pid) != nil { reaped = true }
            // Done when no process of the group is left.
            if reaped && kill(-pid, 0) != 0 { break }
            if output.isOpen { output.pump(waiting: .milliseconds(20)) } else { SystemClock().sleep(for: .milliseconds(20)) }
        }
        if kill(-pid, 0) == 0 { kill(-pid, SIGKILL) }
        if !reaped {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        output.pump(waiting: .zero)
    }
}

/// The read end of a hook's output pipe, logged a line at a time.
private struct OutputReader {
    let fd: Int32
    /// Put before each line: `hook NAME`.
    let tag: String
    let logger: Logger
    private(set) var isOpen = true
    private var lines = HookOutput()
    private var buffer = [UInt8](repeating: 0, count: 16384)

    init(fd: Int32, tag: String, logger: Logger) {
        self.fd = fd
        self.tag = tag
        self.logger = logger
    }

    /// Waits up to `waiting` for output, then reads all there is.
    mutating func pump(waiting: Duration) {
        guard isOpen else { return }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(clamping: waiting.components.seconds * 1000 + waiting.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, millis) > 0 else { return }
        let (logger, tag) = (self.logger, self.tag)
        // At most 64 KiB a turn: a hook that writes without pause must not
        // keep the caller from its timeout check.
        for _ in 0..<4 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.withUnsafeBytes { lines.take(UnsafeRawBufferPointer(rebasing: $0[0..<count])) { logger.notice("\(tag): \($0)") } }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            // Nothing more for now; at the end of the output (or on an error) it is done.
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { close() }
            return
        }
    }

    mutating func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
        let (logger, tag) = (self.logger, self.tag)
        lines.finish { logger.notice("\(tag): \($0)") }
        if lines.droppedLines > 0 { logger.notice("\(tag): \(lines.droppedLines) more lines of output not logged") }
    }
}
