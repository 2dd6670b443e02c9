import Foundation

/// A child process whose output goes to files in a test's folder, so a
/// test can read the log while it still runs and never blocks on a full pipe.
/// Only ever signals its own child, by PID.
final class LaunchedProcess {
    let name: String
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL
    let launched: ContinuousClock.Instant
    private(set) var exited: ContinuousClock.Instant?

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
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        var merged = ProcessInfo.processInfo.environment
        // Hermetic: no configuration or ALSA setup leaks in from the caller.
        merged["WINDDOWN_CONFIG"] = nil
        merged["ALSA_CONFIG_PATH"] = nil
        for (key, value) in environment { merged[key] = value }
        process.executableURL = executable
        process.arguments = arguments
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        launched = .now
    }

    var pid: Int32 { process.processIdentifier }

    var isRunning: Bool {
        if process.isRunning { return true }
        if exited == nil { exited = .now }
        return false
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
        process.waitUntilExit()
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
        return ProcessResult(
            name: name, status: process.isRunning ? -1 : process.terminationStatus,
            signalled: !process.isRunning && process.terminationReason == .uncaughtSignal,
            timedOut: !ended, seconds: (end - launched).seconds, stdout: stdout, stderr: stderr)
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
