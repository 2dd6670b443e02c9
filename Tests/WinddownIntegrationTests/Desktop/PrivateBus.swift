import Foundation
import Testing

/// A `dbus-daemon` of the test's own (the session bus configuration) on a
/// socket in the test's folder: the desktop's session bus for the MPRIS
/// bridge, or the system bus that a mock logind sits on. `busctl` talks to
/// it by address, and `monitor` records every message as JSON.
final class PrivateBus {
    let address: String
    let process: LaunchedProcess
    private let dir: TemporaryDirectory
    private let socket: String
    private var monitors: [LaunchedProcess] = []

    init(in dir: TemporaryDirectory, name: String) async throws {
        self.dir = dir
        socket = dir.file("\(name).bus").path
        address = "unix:path=\(socket)"
        let daemon = try #require(tool("dbus-daemon"), "needs dbus-daemon (Debian's dbus-daemon)")
        process = try LaunchedProcess(
            daemon, ["--session", "--nofork", "--nopidfile", "--address=\(address)"], logsIn: dir.url, name: "dbus-daemon-\(name)")
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: socket) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                throw LaunchedProcess.SpawnFailure(description: "dbus-daemon did not start:\n\(process.stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Ends the bus and its monitors; again is harmless.
    func stop() async {
        for monitor in monitors { await monitor.terminate() }
        monitors.removeAll()
        await process.terminate()
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// `busctl --address=… --json=short ARGUMENTS`.
    func busctl(_ arguments: [String], timeout: Duration = .seconds(20)) async throws -> ProcessResult {
        let busctl = try #require(tool("busctl"), "needs busctl (Debian's systemd)")
        return try await run(busctl, ["--address=\(address)", "--json=short"] + arguments, logsIn: dir.url, timeout: timeout)
    }

    /// The JSON `busctl` printed, or nil when it failed.
    func json(_ arguments: [String]) async throws -> Any? {
        let result = try await busctl(arguments)
        guard result.exitedCleanly, let data = result.stdout.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data)
    }

    /// Starts recording every message on the bus; `messages` reads them back.
    func monitor() async throws -> LaunchedProcess {
        let busctl = try #require(tool("busctl"), "needs busctl (Debian's systemd)")
        let monitor = try LaunchedProcess(busctl, ["--address=\(address)", "monitor", "--json=short"], logsIn: dir.url, name: "busctl-monitor")
        monitors.append(monitor)
        // It has become a monitor once it prints its own Hello.
        let deadline = ContinuousClock.now + .seconds(10)
        while !monitor.stdout.contains("\"Hello\"") && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return monitor
    }

    /// The messages a monitor recorded so far, decoded.
    static func messages(_ monitor: LaunchedProcess) -> [[String: Any]] {
        monitor.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }
}
