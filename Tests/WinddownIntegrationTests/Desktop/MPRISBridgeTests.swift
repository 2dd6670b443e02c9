import Foundation
import Testing

/// The real `winddown-mpris` on a private session bus, between the real
/// daemon (at `--speed`) and the desktop's own tools: `playerctl`, `busctl`.
@Suite(
    "the desktop's media controls (winddown-mpris)", .serialized,
    .enabled(if: tool("playerctl") != nil && tool("busctl") != nil && tool("dbus-daemon") != nil, "needs playerctl, busctl and dbus-daemon"))
struct MPRISBridgeTests {
    static let name = "org.mpris.MediaPlayer2.winddown"
    static let path = "/org/mpris/MediaPlayer2"
    static let player = "org.mpris.MediaPlayer2.Player"

    /// A bus, a daemon and the bridge between them.
    final class Rig {
        let dir: TemporaryDirectory
        var bus: PrivateBus
        var daemon: HostileDaemon
        var bridge: LaunchedProcess!

        init(_ label: String) async throws {
            dir = try TemporaryDirectory(label)
            bus = try await PrivateBus(in: dir, name: "session")
            daemon = try await HostileDaemon.launch(in: dir, arguments: ["--speed", "10"])
        }

        func startBridge() async throws -> LaunchedProcess {
            let binary = try Paths.daemon().deletingLastPathComponent().appendingPathComponent("winddown-mpris")
            let process = try LaunchedProcess(
                binary, ["--config", daemon.config.path, "--socket", daemon.socket],
                environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address, "WINDDOWN_DATA_DIR": dir.file("data").path],
                logsIn: dir.url, name: "winddown-mpris")
            return process
        }

        func start() async throws {
            bridge = try await startBridge()
            let up = await bridge.waitForLog(timeout: .seconds(15)) { $0.contains("on the session bus as") && $0.contains("following winddownd") }
            guard up else { throw LaunchedProcess.SpawnFailure(description: "the bridge did not come up:\n\(bridge.stderr)") }
        }

        /// Runs `body` with a rig, and ends everything it started however `body` ends.
        static func with(_ label: String, _ body: (Rig) async throws -> Void) async throws {
            let rig = try await Rig(label)
            do { try await body(rig) } catch {
                await rig.stop()
                throw error
            }
            await rig.stop()
        }

        func stop() async {
            await bridge?.terminate()
            await daemon.process.terminate()
            await bus.stop()
            dir.remove()
        }

        /// `playerctl -p winddown ARGUMENTS`, its output trimmed.
        func playerctl(_ arguments: [String]) async throws -> ProcessResult {
            try await run(
                try #require(tool("playerctl")), ["-p", "winddown"] + arguments, environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address],
                logsIn: dir.url, timeout: .seconds(20))
        }

        func playerctlOutput(_ arguments: [String]) async throws -> String {
            try await playerctl(arguments).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A property of the player, through busctl (its JSON `data`).
        func property(_ name: String, interface: String = MPRISBridgeTests.player) async throws -> Any? {
            (try await bus.json(["get-property", MPRISBridgeTests.name, MPRISBridgeTests.path, interface, name]) as? [String: Any])?["data"]
        }

        func metadata(_ key: String) async throws -> Any? {
            ((try await property("Metadata") as? [String: Any])?[key] as? [String: Any])?["data"]
        }

        func daemonStatus() throws -> [String: Any] { try daemon.request("status") }

        func waitFor(_ what: String, timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if (try? await condition()) == true { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("timed out waiting for \(what)\n\(bridge?.stderr ?? "")")
            throw CancellationError()
        }
    }

    /// The PropertiesChanged signals the bridge sent: for each, the changed properties' values.
    static func changes(_ monitor: LaunchedProcess) -> [[String: Any]] {
        PrivateBus.messages(monitor).compactMap { message in
            guard message["member"] as? String == "PropertiesChanged", message["path"] as? String == path,
                let data = (message["payload"] as? [String: Any])?["data"] as? [Any], data.count == 3,
                data[0] as? String == player, let changed = data[1] as? [String: Any]
            else { return nil }
            return changed.mapValues { ($0 as? [String: Any])?["data"] ?? NSNull() }
        }
    }

    @Test("playerctl drives a session through every method; properties follow the daemon and change signals say so, only on change")
    func everyMethod() async throws {
        try await Rig.with("mpris-methods") { rig in
        try await rig.start()
        let monitor = try await rig.bus.monitor()

        #expect(try await run(try #require(tool("playerctl")), ["-l"], environment: ["DBUS_SESSION_BUS_ADDRESS": rig.bus.address], logsIn: rig.dir.url).stdout.contains("winddown"))
        #expect(try await rig.playerctlOutput(["status"]) == "Stopped")
        #expect(try await rig.property("Identity", interface: "org.mpris.MediaPlayer2") as? String == "winddown")
        #expect(try await rig.metadata("mpris:trackid") as? String == "/org/mpris/MediaPlayer2/TrackList/NoTrack")
        let introspection = try await rig.bus.busctl(["introspect", Self.name, Self.path])
        #expect(introspection.stdout.contains("org.mpris.MediaPlayer2.Player") && introspection.stdout.contains(".PlayPause"), "\(introspection)")

        // Play from idle starts the configured session.
        #expect(try await rig.playerctl(["play"]).exitedCleanly)
        try await rig.waitFor("a session") { try rig.daemonStatus()["state"] as? String == "running" }
        _ = try rig.daemon.request("stop")
        try await rig.waitFor("idle") { try rig.daemonStatus()["state"] as? String == "idle" }

        // A guided session: the step is the title, the routine the album, the length the session's.
        _ = try rig.daemon.request("start routine=foot-massage")
        try await rig.waitFor("Playing") { try await rig.playerctlOutput(["status"]) == "Playing" }
        let status = try rig.daemonStatus()
        let step = try #require(status["step"] as? [String: Any])
        try await rig.waitFor("the step's title") { try await rig.playerctlOutput(["metadata", "title"]) == step["title"] as? String }
        #expect(try await rig.playerctlOutput(["metadata", "album"]) == "foot-massage")
        let length = try #require(try await rig.metadata("mpris:length") as? Int)
        let expected = ((status["elapsed_s"] as? Int ?? 0) + (status["remaining_s"] as? Int ?? 0)) * 1_000_000
        #expect(abs(length - expected) <= 3_000_000, "length \(length), status says \(expected)")
        let first = try #require(try await rig.metadata("mpris:trackid") as? String)

        // Position runs with the session (at --speed 10, ten seconds a second).
        let p1 = Double(try await rig.playerctlOutput(["position"])) ?? -1
        try await Task.sleep(for: .seconds(1))
        let p2 = Double(try await rig.playerctlOutput(["position"])) ?? -1
        #expect(p1 >= 0 && p2 > p1, "position \(p1) then \(p2)")

        // Next: the next step, and a new track id.
        #expect(try await rig.playerctl(["next"]).exitedCleanly)
        try await rig.waitFor("the next step") { try await rig.metadata("mpris:trackid") as? String != first }
        #expect(((try rig.daemonStatus()["step"] as? [String: Any])?["index"] as? Int ?? 0) > step["index"] as? Int ?? 0)

        // Pause, play, play-pause both ways.
        #expect(try await rig.playerctl(["pause"]).exitedCleanly)
        try await rig.waitFor("paused") { try rig.daemonStatus()["state"] as? String == "paused" }
        #expect(try await rig.playerctlOutput(["status"]) == "Paused")
        #expect(try await rig.playerctl(["play"]).exitedCleanly)
        try await rig.waitFor("resumed") { try rig.daemonStatus()["state"] as? String == "running" }
        #expect(try await rig.playerctl(["play-pause"]).exitedCleanly)
        try await rig.waitFor("paused by play-pause") { try rig.daemonStatus()["state"] as? String == "paused" }
        #expect(try await rig.playerctl(["play-pause"]).exitedCleanly)
        try await rig.waitFor("resumed by play-pause") { try rig.daemonStatus()["state"] as? String == "running" }

        // Volume: read and written as 0 to 1, never above audio.max_volume (50).
        #expect(try await rig.playerctlOutput(["volume"]) == "0.200000")
        #expect(try await rig.playerctl(["volume", "0.3"]).exitedCleanly)
        try await rig.waitFor("volume 30") { try rig.daemonStatus()["volume"] as? Int == 30 }
        #expect(try await rig.playerctl(["volume", "0.9"]).exitedCleanly)
        try await rig.waitFor("volume at the ceiling") { try rig.daemonStatus()["volume"] as? Int == 50 }
        try await rig.waitFor("Volume 0.5") { try await rig.property("Volume") as? Double == 0.5 }

        // Quiet while nothing changes: no signal on a timer.
        let before = Self.changes(monitor).count
        _ = try rig.daemon.request("hold")
        try await Task.sleep(for: .milliseconds(300))
        let held = Self.changes(monitor).count
        try await Task.sleep(for: .seconds(2))
        #expect(Self.changes(monitor).count == held, "PropertiesChanged while nothing changed")
        #expect(held >= before)

        // Stop ends it.
        #expect(try await rig.playerctl(["stop"]).exitedCleanly)
        try await rig.waitFor("stopped", timeout: .seconds(30)) { try await rig.playerctlOutput(["status"]) == "Stopped" }

        // The signals said every change, Position never.
        let changes = Self.changes(monitor)
        let statuses = changes.compactMap { $0["PlaybackStatus"] as? String }
        #expect(statuses.contains("Playing") && statuses.contains("Paused") && statuses.last == "Stopped", "\(statuses)")
        #expect(changes.contains { $0["Metadata"] != nil })
        #expect(changes.compactMap { $0["Volume"] as? Double }.contains(0.5))
        #expect(!changes.contains { $0["Position"] != nil })
        #expect(rig.bridge.isRunning)
        }
    }

    @Test("wrong argument types, NaN, -1 and 1e9 volumes, unknown track ids and a second instance: errors or clamps, and the bridge goes on")
    func hostileCalls() async throws {
        try await Rig.with("mpris-hostile") { rig in
        try await rig.start()
        _ = try rig.daemon.request("start routine=foot-massage")
        try await rig.waitFor("Playing") { try await rig.playerctlOutput(["status"]) == "Playing" }

        func call(_ arguments: [String]) async throws -> ProcessResult { try await rig.bus.busctl(arguments) }
        let seek = try await call(["call", Self.name, Self.path, Self.player, "Seek", "s", "ten"])
        #expect(!seek.exitedCleanly && seek.stderr.contains("takes (x)"), "\(seek)")
        let pause = try await call(["call", Self.name, Self.path, Self.player, "Pause", "i", "1"])
        #expect(!pause.exitedCleanly && pause.stderr.contains("takes ()"), "\(pause)")
        let stale = try await call(["call", Self.name, Self.path, Self.player, "SetPosition", "ox", "/no/such/track", "5"])
        #expect(stale.exitedCleanly, "a stale track id is ignored, as the specification says: \(stale)")
        let open = try await call(["call", Self.name, Self.path, Self.player, "OpenUri", "s", "file:///etc/passwd"])
        #expect(!open.exitedCleanly && open.stderr.contains("opens no URIs"), "\(open)")
        let unknown = try await call(["get-property", Self.name, Self.path, Self.player, "Shuffle"])
        #expect(!unknown.exitedCleanly && unknown.stderr.contains("no property Shuffle"), "\(unknown)")
        let readOnly = try await call(["set-property", Self.name, Self.path, Self.player, "PlaybackStatus", "s", "Paused"])
        #expect(!readOnly.exitedCleanly && readOnly.stderr.contains("read-only"), "\(readOnly)")
        let wrongType = try await call(["set-property", Self.name, Self.path, Self.player, "Volume", "s", "loud"])
        #expect(!wrongType.exitedCleanly && wrongType.stderr.contains("Volume is a double"), "\(wrongType)")
        let notANumber = try await call(["set-property", Self.name, Self.path, Self.player, "Volume", "d", "nan"])
        #expect(!notANumber.exitedCleanly && notANumber.stderr.contains("NaN"), "\(notANumber)")
        #expect(try rig.daemonStatus()["volume"] as? Int == 20, "a refused volume changed the level")
        // Bodies far larger than any call takes: turned down without being decoded, or past a bound.
        let bytes = Array(repeating: "7", count: 20_000)
        let bigPause = try await call(["call", Self.name, Self.path, Self.player, "Pause", "ay", "20000"] + bytes)
        #expect(!bigPause.exitedCleanly && bigPause.stderr.contains("takes ()"), "\(bigPause.stderr)")
        let bigSet = try await call(["set-property", Self.name, Self.path, Self.player, "Volume", "ay", "20000"] + bytes)
        #expect(!bigSet.exitedCleanly && bigSet.stderr.contains("more values than this call takes"), "\(bigSet.stderr)")

        #expect(try await call(["set-property", Self.name, Self.path, Self.player, "Volume", "d", "--", "-1"]).exitedCleanly)
        try await rig.waitFor("-1 as silence") { try rig.daemonStatus()["volume"] as? Int == 0 }
        #expect(try await call(["set-property", Self.name, Self.path, Self.player, "Volume", "d", "1e9"]).exitedCleanly)
        try await rig.waitFor("1e9 as the ceiling") { try rig.daemonStatus()["volume"] as? Int == 50 }

        // A second bridge on the same bus says who owns the name and leaves the first alone.
        let second = try await rig.startBridge()
        let ended = await second.finish(timeout: .seconds(10))
        #expect(!ended.exitedCleanly && ended.stderr.contains("already owned"), "\(ended)")
        #expect(try await rig.playerctlOutput(["status"]) == "Playing")
        #expect(rig.bridge.isRunning)
        }
    }

    @Test("the bus going away and the daemon restarting are both survived: the bridge comes back on its own")
    func reconnects() async throws {
        try await Rig.with("mpris-reconnect") { rig in
        try await rig.start()

        await rig.bus.stop()
        #expect(await rig.bridge.waitForLog(timeout: .seconds(10)) { $0.contains("session bus:") })
        rig.bus = try await PrivateBus(in: rig.dir, name: "session")
        #expect(await rig.bridge.waitForLog(timeout: .seconds(40)) { $0.contains("on the session bus again") }, "\(rig.bridge.stderr)")
        #expect(try await rig.playerctlOutput(["status"]) == "Stopped")

        await rig.daemon.process.terminate()
        try await rig.waitFor("CanPlay false without the daemon") { try await rig.property("CanPlay") as? Bool == false }
        let refused = try await rig.playerctl(["play"])
        #expect(!refused.exitedCleanly, "play without a daemon: \(refused)")
        rig.daemon = try await HostileDaemon.relaunch(rig.daemon, arguments: ["--speed", "10"])
        #expect(await rig.bridge.waitForLog(timeout: .seconds(30)) { $0.contains("winddownd is back") })
        #expect(try await rig.playerctl(["play"]).exitedCleanly)
        try await rig.waitFor("a session after the restart") { try await rig.playerctlOutput(["status"]) == "Playing" }
        #expect(rig.bridge.isRunning)
        }
    }
}
