import Foundation

/// The real daemon (sessions at `--speed`, on a device that is not there,
/// so they keep the monotonic clock's time at that speed) and the real
/// `winddown-web` in front of it on a free loopback port, each started by the test.
final class WebRig {
    let dir: TemporaryDirectory
    /// The daemon now, or the last one once stopped (a new one starts on its folder).
    private(set) var daemon: HostileDaemon
    private(set) var daemonRunning = true
    private(set) var web: LaunchedProcess?
    let port: Int
    let speed: Int
    let config: URL
    let socket: String

    var tokenFile: URL { dir.file("web-token") }
    var token: String { ((try? String(contentsOf: tokenFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
    var http: HTTPProbe { HTTPProbe(port: port, token: token) }

    static func webBinary() throws -> URL {
        try Paths.daemon().deletingLastPathComponent().appendingPathComponent("winddown-web")
    }

    /// `daemonRunning: false` leaves the daemon for the test to start (`startDaemon`).
    init(_ label: String, speed: Int = 20, web extra: String = "", daemonRunning: Bool = true) async throws {
        dir = try TemporaryDirectory(label)
        port = try Loopback.freePort()
        self.speed = speed
        let webTable = "[web]\nlisten = \"127.0.0.1:\(port)\"\ntoken_file = \"\(dir.file("web-token").path)\"\n\(extra)"
        let first = try await HostileDaemon.launch(in: dir, config: webTable, schedule: true, arguments: ["--speed", String(speed)])
        config = first.config
        socket = first.socket
        daemon = first
        if !daemonRunning { await stopDaemon() }
    }

    var environment: [String: String?] { ["WINDDOWN_DATA_DIR": dir.file("data").path] }

    /// Starts the page's server and waits until it listens.
    @discardableResult
    func startWeb(arguments: [String] = []) async throws -> LaunchedProcess {
        let process = try LaunchedProcess(
            try Self.webBinary(), ["--config", config.path, "--socket", socket] + arguments, environment: environment,
            logsIn: dir.url, name: "winddown-web")
        web = process
        let listening = await process.waitForLog(timeout: .seconds(20)) { $0.contains("on your phone") }
        guard listening, Loopback.accepts(port: port) else {
            throw LaunchedProcess.SpawnFailure(description: "winddown-web does not listen on \(port):\n\(process.stderr)")
        }
        return process
    }

    func stopDaemon() async {
        if daemonRunning { await daemon.process.terminate() }
        daemonRunning = false
    }

    func startDaemon() async throws {
        daemon = try await HostileDaemon.relaunch(daemon, arguments: ["--speed", String(speed)])
        daemonRunning = true
    }

    /// The daemon's own answer, straight from its socket.
    func status() throws -> [String: Any] { try daemon.request("status") }

    func finish() async {
        await web?.terminate()
        await stopDaemon()
        dir.remove()
    }

    static func with(
        _ label: String, speed: Int = 20, web extra: String = "", daemonRunning: Bool = true, startWeb: Bool = true,
        _ body: (WebRig) async throws -> Void
    ) async throws {
        let rig = try await WebRig(label, speed: speed, web: extra, daemonRunning: daemonRunning)
        do {
            if startWeb { try await rig.startWeb() }
            try await body(rig)
        } catch {
            print(rig.web?.stderr ?? "")
            await rig.finish()
            throw error
        }
        await rig.finish()
    }

    /// Polls the daemon until `condition` holds on its status.
    func waitForStatus(timeout: Duration = .seconds(10), _ condition: ([String: Any]) -> Bool) async -> [String: Any]? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if let status = try? status(), condition(status) { return status }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
