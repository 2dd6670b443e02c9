import Foundation

/// A real broker, a real daemon (sessions at `--speed`, on a device that
/// is not there, so they keep the monotonic clock's time at that speed) and
/// the real `winddown-mqtt` between them, each started by the test.
final class BridgeRig {
    static let node = "it_box"
    let dir: TemporaryDirectory
    let broker: MosquittoBroker
    private(set) var daemon: HostileDaemon
    private(set) var bridge: LaunchedProcess?
    let speed: Int

    var topic: String { "winddown/\(Self.node)" }
    var discoveryTopic: String { "homeassistant/device/\(Self.node)/config" }

    static func bridgeBinary() throws -> URL {
        try Paths.daemon().deletingLastPathComponent().appendingPathComponent("winddown-mqtt")
    }

    /// `mqtt`: lines added to `[mqtt]`; `schedule`: whether the nightly schedule is on.
    init(_ label: String, speed: Int = 20, mqtt: String = "", schedule: Bool = true, login: (user: String, password: String)? = nil) async throws {
        dir = try TemporaryDirectory(label)
        broker = try MosquittoBroker(in: dir, login: login)
        try await broker.start()
        self.speed = speed
        let extra = "[mqtt]\nbroker = \"mqtt://127.0.0.1:\(broker.port)\"\nnode_id = \"\(Self.node)\"\n\(mqtt)"
        daemon = try await HostileDaemon.launch(in: dir, config: extra, schedule: schedule, arguments: ["--speed", String(speed)])
    }

    var environment: [String: String?] { ["WINDDOWN_DATA_DIR": dir.file("data").path] }

    /// Starts the bridge and waits until it says it is connected to both sides.
    @discardableResult
    func startBridge(waitForConnection: Bool = true) async throws -> LaunchedProcess {
        let process = try LaunchedProcess(
            try Self.bridgeBinary(), ["--config", daemon.config.path, "--socket", daemon.socket], environment: environment,
            logsIn: dir.url, name: "winddown-mqtt")
        bridge = process
        if waitForConnection {
            let connected = await process.waitForLog(timeout: .seconds(15)) {
                $0.contains("connected to the broker") && $0.contains("following winddownd")
            }
            guard connected else { throw LaunchedProcess.SpawnFailure(description: "the bridge did not connect:\n\(process.stderr)") }
        }
        return process
    }

    func stopBridge() async {
        await bridge?.terminate()
        bridge = nil
    }

    /// SIGTERM and a new daemon on the same folder, socket and state.
    func restartDaemon(downFor pause: Duration = .zero) async throws {
        await daemon.process.terminate()
        try await Task.sleep(for: pause)
        daemon = try await HostileDaemon.relaunch(daemon, arguments: ["--speed", String(speed)])
    }

    /// The daemon's own answer to `status`.
    func status() throws -> [String: Any] { try daemon.request("status") }

    /// Everything to its end: bridge, daemon, broker, folder.
    func finish() async {
        await stopBridge()
        await daemon.process.terminate()
        await broker.stop()
        dir.remove()
    }

    /// Runs `body` with a rig, ending it whatever happened.
    static func with(
        _ label: String, speed: Int = 20, mqtt: String = "", schedule: Bool = true, _ body: (BridgeRig) async throws -> Void
    ) async throws {
        let rig = try await BridgeRig(label, speed: speed, mqtt: mqtt, schedule: schedule)
        do {
            try await body(rig)
        } catch {
            print(rig.bridge?.stderr ?? "")
            await rig.finish()
            throw error
        }
        await rig.finish()
    }
}
