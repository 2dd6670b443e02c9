import Foundation
import Testing

extension EndToEnd {
    /// The real `winddownd` as a service: its control socket, the notify
    /// protocol read from a socket of the test's own, reload and stop by
    /// signal, and clients that misbehave. Sessions play on a private
    /// PulseAudio, so they run in real time like on a sound card.
    @Suite("the daemon over its control socket")
    struct DaemonServiceTests {
        struct Daemon {
            let process: LaunchedProcess
            let socket: String
            let notify: NotifyListener
            let pulse: PulseServer
            let config: URL
        }

        static func launch(in dir: TemporaryDirectory, config text: String) async throws -> Daemon {
            let pulse = try PulseServer(in: dir.url)
            try await pulse.start()
            let config = try dir.write(text, to: "winddown.toml")
            let notify = NotifyListener(in: dir.url)
            let socket = dir.file("control.sock").path
            var environment = pulse.clientEnvironment
            environment["NOTIFY_SOCKET"] = notify.path
            let process = try LaunchedProcess(
                try Paths.daemon(),
                ["--config", config.path, "--socket", socket, "--state-dir", dir.file("state").path],
                environment: environment, logsIn: dir.url, name: "winddownd")
            // Ready means: the socket answers.
            for _ in 0..<200 {
                if (try? SocketClient(path: socket).request("ping"))?["ok"] as? Bool == true { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            return Daemon(process: process, socket: socket, notify: notify, pulse: pulse, config: config)
        }

        /// Runs `body` with a fresh daemon, then ends the daemon and its sound server whatever happened.
        static func withDaemon(_ label: String, _ body: (Daemon) async throws -> Void) async throws {
            let dir = try TemporaryDirectory(label)
            defer { dir.remove() }
            let daemon = try await launch(in: dir, config: config)
            do {
                try await body(daemon)
            } catch {
                await daemon.process.terminate()
                await daemon.pulse.stop()
                throw error
            }
            await daemon.process.terminate()
            await daemon.pulse.stop()
        }

        // The schedule is off: a test running across 22:30 must not see a session start by itself.
        static let config = "[schedule]\nenabled = false\n[session]\nroutine = \"quick\"\n[audio]\ndevice = \"pulse\"\nsound = \"brown\"\n"

        @Test("every command of interface.md answers; a session starts, pauses, resumes, skips, changes volume and stops")
        func commands() async throws { try await Self.withDaemon("daemon") { daemon in
            let client = try SocketClient(path: daemon.socket)

            #expect(try client.request("ping")["ok"] as? Bool == true)
            var status = try client.request("status")
            #expect(status["state"] as? String == "idle", "\(status)")
            #expect(status.keys.contains("next_run") && status["volume"] as? Int == 20, "\(status)")

            let started = try client.request("start duration=5m")
            #expect(started["ok"] as? Bool == true, "\(started)\n\(daemon.process.stderr)")
            status = try client.request("status")
            #expect(status["state"] as? String == "running", "\(status)")
            #expect(status["routine"] as? String == "quick")
            let step = status["step"] as? [String: Any]
            #expect(step?["index"] as? Int == 1 && (step?["count"] as? Int ?? 0) > 3, "\(status)")
            #expect((status["remaining_s"] as? Int ?? 0) > 290)
            #expect(try client.request("start")["ok"] as? Bool == false, "a second session started")

            #expect(try client.request("pause")["ok"] as? Bool == true)
            #expect(try client.request("status")["state"] as? String == "paused")
            let heldAt = try client.request("status")["elapsed_s"] as? Int
            try await Task.sleep(for: .seconds(2))
            #expect(try client.request("status")["elapsed_s"] as? Int == heldAt, "the timeline moved while paused")
            #expect(try client.request("pause")["ok"] as? Bool == false, "pausing twice was accepted")
            #expect(try client.request("resume")["ok"] as? Bool == true)

            let before = (try client.request("status")["step"] as? [String: Any])?["index"] as? Int ?? 0
            #expect(try client.request("skip")["ok"] as? Bool == true)
            try await Task.sleep(for: .milliseconds(300))
            let after = (try client.request("status")["step"] as? [String: Any])?["index"] as? Int ?? 0
            #expect(after == before + 1, "skip went from step \(before) to \(after)")

            #expect(try client.request("volume 35")["ok"] as? Bool == true)
            #expect(try client.request("status")["volume"] as? Int == 35)
            #expect(try client.request("volume +30")["ok"] as? Bool == true)
            #expect(try client.request("status")["volume"] as? Int == 50, "volume is not clamped to max_volume")
            #expect(try client.request("volume -10")["ok"] as? Bool == true)
            #expect(try client.request("status")["volume"] as? Int == 40)

            // The schedule commands (their timing has tests of its own).
            #expect(try client.request("next")["next_run"] is NSNull)
            #expect((try client.request("snooze")["error"] as? String ?? "").contains("the schedule is off"))
            let on = try client.request("schedule on")
            #expect(on["ok"] as? Bool == true && on["next_run"] is String, "\(on)")
            #expect(try client.request("status")["next_run"] is String)
            #expect(try client.request("schedule off")["next_run"] is NSNull)
            #expect(try client.request("reload")["ok"] as? Bool == true)
            #expect(try client.request("frobnicate")["ok"] as? Bool == false)

            #expect(try client.request("stop")["ok"] as? Bool == true)
            var state = ""
            for _ in 0..<60 {
                state = try client.request("status")["state"] as? String ?? ""
                if state == "idle" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(state == "idle", "the session did not end within 6 s of stop")
            let history = try client.request("history 5")
            let sessions = history["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.first?["outcome"] as? String == "stopped" && sessions.first?["routine"] as? String == "quick", "\(history)")

            let notes = daemon.notify.drain().joined(separator: "\n")
            #expect(notes.contains("READY=1"), "notify: \(notes)")
            #expect(notes.contains("STATUS=running: step"), "notify: \(notes)")
            #expect(notes.contains("RELOADING=1"), "notify: \(notes)")
        } }

        @Test("200 clients at once, garbage, 1 MiB lines, invalid UTF-8 and clients that never read: ping still answers within 100 ms")
        func hostileClients() async throws { try await Self.withDaemon("hostile") { daemon in
            #expect(try SocketClient(path: daemon.socket).request("start duration=5m")["ok"] as? Bool == true)

            var crowd: [SocketClient] = []
            for _ in 0..<200 { crowd.append(try SocketClient(path: daemon.socket)) }
            let garbage = try SocketClient(path: daemon.socket)
            garbage.send(raw: Array("\u{1}\u{2}nonsense here\n".utf8))
            #expect((try? garbage.readLine())?.contains("\"ok\":false") == true)
            let invalid = try SocketClient(path: daemon.socket)
            invalid.send(raw: [0xFF, 0xFE, 0x80, 0x0A])
            #expect((try? invalid.readLine())?.contains("\"ok\":false") == true)
            let huge = try SocketClient(path: daemon.socket)
            huge.send(raw: [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + [0x0A])
            #expect((try? huge.readLine())?.contains("too long") == true)
            // A client that asks and asks and never reads its answers.
            let deaf = try SocketClient(path: daemon.socket)
            deaf.send(raw: Array(String(repeating: "status\n", count: 5000).utf8))

            let probe = try SocketClient(path: daemon.socket)
            var worst = Duration.zero
            for _ in 0..<20 {
                let start = ContinuousClock.now
                #expect(try probe.request("ping")["ok"] as? Bool == true)
                worst = max(worst, ContinuousClock.now - start)
            }
            #expect(worst < .milliseconds(100), "ping took \(worst)")
            for client in crowd.prefix(20) { #expect(try client.request("ping")["ok"] as? Bool == true) }
            #expect(daemon.process.isRunning)
        } }

        @Test("SIGHUP with a broken configuration keeps the old one; SIGTERM mid-session exits 0 within 5 s, the session in history as stopped")
        func signals() async throws { try await Self.withDaemon("signals") { daemon in
            let client = try SocketClient(path: daemon.socket)
            #expect(try client.request("start duration=5m")["ok"] as? Bool == true)

            try "[audio]\nvolume = \"loud\"\n".write(to: daemon.config, atomically: true, encoding: .utf8)
            daemon.process.send(SIGHUP)
            let refused = await daemon.process.waitForLog(timeout: .seconds(5)) { $0.contains("reload refused") }
            #expect(refused, "\(daemon.process.stderr)")
            #expect(try client.request("status")["state"] as? String == "running")
            let answer = try client.request("reload")
            #expect(answer["ok"] as? Bool == false && (answer["error"] as? String ?? "").contains("audio.volume"), "\(answer)")

            let sent = ContinuousClock.now
            daemon.process.send(SIGTERM)
            let result = await daemon.process.finish(timeout: .seconds(10))
            #expect(result.status == 0 && !result.signalled, "\(result)")
            #expect(ContinuousClock.now - sent < .seconds(5), "took \(ContinuousClock.now - sent) to stop")
            #expect(daemon.notify.drain().joined().contains("STOPPING=1"))
            #expect(!FileManager.default.fileExists(atPath: daemon.socket), "the socket file was left behind")
            let recorded = try String(contentsOfFile: daemon.config.deletingLastPathComponent().appendingPathComponent("state/history.jsonl").path, encoding: .utf8)
            #expect(recorded.contains("\"outcome\":\"stopped\""), "history after SIGTERM: \(recorded)")
        } }
    }
}
