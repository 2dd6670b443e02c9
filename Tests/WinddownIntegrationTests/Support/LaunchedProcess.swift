import Foundation

/// A child process whose output goes to files in a test's folder, so a
/// test can read the log while it still runs and never blocks on a full pipe.
/// Only ever signals its own child, by PID.
///
/// Spawned with posix_spawn and reaped with waitpid rather than through
/// Foundation's `Process`: on Linux, `Process` learns that a child ended
/// when a socket the child inherited closes, so a long-lived child started
/// meanwhile (PulseAudio here) that inherits such sockets hides every other
/// child's exit (measured: `isRunning` stayed true for a finished `pactl`).
/// Here each child gets only stdin, stdout and stderr (`closefrom(3)`),
/// default signal handling and an empty signal mask.
final class LaunchedProcess {
    let name: String
    let stdoutURL: URL
    let stderrURL: URL
    let launched: ContinuousClock.Instant
    let pid: pid_t
    private(set) var exited: ContinuousClock.Instant?
    /// The raw wait status once reaped.
    private var waitStatus: Int32?

    struct SpawnFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `executable` at once. `environment` entries are added to (or, with
    /// a nil value, removed from) this process's environment.
    init(
        _ executable: URL, _ arguments: [String], environment: [String: String?] = [:], logsIn folder: URL,
        name: String? = nil
    ) throws {
        self.name = name ?? executable.lastPathComponent
        let stem = folder.appendingPathComponent("\(self.name)-\(UUID().uuidString.prefix(8))")
        stdoutURL = stem.appendingPathExtension("stdout")
        stderrURL = stem.appendingPathExtension("stderr")
        var merged = ProcessInfo.processInfo.environment
        // Hermetic: no configuration or ALSA setup leaks in from the caller.
        merged["WINDDOWN_CONFIG"] = nil
        merged["ALSA_CONFIG_PATH"] = nil
        // Nor the machine's buses: a test that wants one starts its own (PrivateBus).
        merged["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/winddown-tests-have-no-system-bus"
        merged["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/winddown-tests-have-no-session-bus"
        for (key, value) in environment { merged[key] = value }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        Self.closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signo in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnFailure(description: "cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        pid = child
        launched = .now
    }

    /// Adds "close every descriptor from 3 up" to `actions`: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34+; Swift's Glibc module
    /// does not import it), else one close per descriptor now open.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd >= 3 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    deinit {
        // Never leave a zombie or a stray child behind.
        if waitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    var isRunning: Bool {
        guard waitStatus == nil else { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid || (reaped < 0 && errno == ECHILD) {
            waitStatus = reaped == pid ? status : -1
            exited = .now
            return false
        }
        return true
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Sends `signo` to this child only (never to a group or by name).
    func send(_ signo: Int32) {
        if isRunning { kill(pid, signo) }
    }

    /// Waits up to `timeout` for the process to end; true when it did.
    @discardableResult
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Waits until `condition` holds on the stderr text (polled), the process
    /// ends or `timeout` passes; returns whether it held.
    func waitForLog(timeout: Duration, until condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(stderr) { return true }
            if !isRunning { return condition(stderr) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(stderr)
    }

    /// Waits for the end (killing the child after `timeout`) and sums it up.
    func finish(timeout: Duration) async -> ProcessResult {
        let ended = await waitForExit(timeout: timeout)
        if !ended {
            send(SIGKILL)
            await waitForExit(timeout: .seconds(5))
        }
        let end = exited ?? .now
        let status = waitStatus ?? -1
        let termination = status & 0x7f
        let signalled = status >= 0 && termination != 0 && termination != 0x7f
        return ProcessResult(
            name: name, status: signalled ? termination : (status >= 0 ? (status >> 8) & 0xff : -1),
            signalled: signalled, timedOut: !ended, seconds: (end - launched).seconds, stdout: stdout, stderr: stderr)
    }

    /// Ends the child if it still runs (SIGTERM, then SIGKILL): for clean-up paths.
    func terminate() async {
        guard isRunning else { return }
        send(SIGTERM)
        if await waitForExit(timeout: .seconds(3)) { return }
        send(SIGKILL)
        await waitForExit(timeout: .seconds(3))
    }
}

/// How a child process ended, with its output.
struct ProcessResult: Sendable, CustomStringConvertible {
    var name: String
    var status: Int32
    var signalled: Bool
    var timedOut: Bool
    var seconds: Double
    var stdout: String
    var stderr: String

    var exitedCleanly: Bool { !timedOut && !signalled && status == 0 }
    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    var description: String {
        let how = timedOut ? "timed out (killed)" : signalled ? "killed by signal \(status)" : "exit \(status)"
        return "\(name): \(how) after \(String(format: "%.2f", seconds)) s\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    }
}

/// Runs a program to its end (at most `timeout`) and returns how it went.
func run(
    _ executable: URL, _ arguments: [String], environment: [String: String?] = [:], logsIn folder: URL,
    timeout: Duration = .seconds(60)
) async throws -> ProcessResult {
    let child = try LaunchedProcess(executable, arguments, environment: environment, logsIn: folder)
    return await child.finish(timeout: timeout)
}

/// Finds a program on PATH (sox, pulseaudio, parec…).
func tool(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
    for folder in folders {
        let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
