import Foundation
import Testing

/// Sessions on devices that take audio faster than real time (ALSA `null`,
/// the `file` plugin) keep to the wall clock, `--speed` runs them faster on
/// purpose, and `hold` and `extend` work on the real daemon.
///
/// Not serialized with the other end-to-end tests: most of the time here
/// is spent waiting for real seconds to pass, with tolerances of a second.
@Suite("real time on every device")
struct RealTimeSessionTests {
    static let environment: [String: String?] = ["ALSA_CONFIG_PATH": Paths.captureALSAConfig.path]

    static func play(_ arguments: [String], in dir: TemporaryDirectory, timeout: Duration) async throws -> ProcessResult {
        // The shipped defaults: the demo's prompts are spoken by espeak-ng.
        let config = try dir.write("", to: "winddown.toml")
        return try await run(
            try Paths.daemon(), ["play", "--config", config.path] + arguments, environment: Self.environment, logsIn: dir.url,
            timeout: timeout)
    }

    @Test("play on null: a 75 s session takes at least 74 s of wall time and speaks all four prompts")
    func playKeepsRealTime() async throws {
        let dir = try TemporaryDirectory("realtime-play")
        defer { dir.remove() }
        let result = try await Self.play(
            ["--routine", "demo", "--device", "null", "--duration", "1m", "--fade-out", "15s"], in: dir, timeout: .seconds(120))
        try #require(result.exitedCleanly, "\(result)")
        #expect(result.seconds >= 74, "a 75 s session took \(format(result.seconds)) s")
        // Start-up (the process, its clips, the voice) counts too: on a loaded two-core CI machine it took 5 s.
        #expect(result.seconds < 85, "a 75 s session took \(format(result.seconds)) s")
        #expect(result.stderr.contains("spoke 4 of 4 prompts"), "\(result.stderr)")
        #expect(!result.stderr.contains("left out"), "\(result.stderr)")
    }

    @Test("play --speed 10 takes about a tenth of the session and says so; --speed outside 1 to 60 is refused")
    func playFaster() async throws {
        let dir = try TemporaryDirectory("realtime-speed")
        defer { dir.remove() }
        let result = try await Self.play(
            ["--routine", "demo", "--device", "null", "--duration", "1m", "--fade-out", "15s", "--speed", "10"], in: dir,
            timeout: .seconds(60))
        try #require(result.exitedCleanly, "\(result)")
        // 7.5 s of session time, plus preparing the prompts; a debug build on
        // a busy CI machine may need longer to mix ten times real time, but
        // never anything like the 75 s of a session at speed 1.
        print("play --speed 10: \(format(result.seconds)) s for a 75 s session")
        #expect(result.seconds >= 7.4 && result.seconds < 25, "took \(format(result.seconds)) s")
        #expect(result.stderr.contains("playing at 10 times real speed"), "\(result.stderr)")
        for bad in ["0", "61", "fast"] {
            let refused = try await Self.play(["--routine", "demo", "--device", "null", "--speed", bad], in: dir, timeout: .seconds(20))
            #expect(refused.status != 0 && !refused.signalled, "\(refused)")
            #expect(refused.stderr.contains("speed"), "--speed \(bad): \(refused.stderr)")
        }
    }

    /// A daemon whose sessions play on `device`, with arguments such as `--speed`.
    struct Daemon {
        let dir: TemporaryDirectory
        let process: LaunchedProcess
        let socket: String

        static func launch(_ label: String, device: String, extra: [String] = [], config: String = "") async throws -> Daemon {
            let dir = try TemporaryDirectory(label)
            let text = """
                [schedule]
                enabled = false
                [session]
                routine = "quick"
                duration = "5m"
                \(config.isEmpty ? "fade_out = \"1m\"" : config)
                [audio]
                device = "\(device)"
                sound = "pink"
                volume = 30
                [voice]
                tts = "off"
                """
            let file = try dir.write(text, to: "winddown.toml")
            let socket = dir.file("control.sock").path
            let process = try LaunchedProcess(
                try Paths.daemon(), ["--config", file.path, "--socket", socket, "--state-dir", dir.file("state").path] + extra,
                environment: RealTimeSessionTests.environment, logsIn: dir.url, name: "winddownd")
            for _ in 0..<400 {
                if (try? SocketClient(path: socket).request("ping"))?["ok"] as? Bool == true {
                    return Daemon(dir: dir, process: process, socket: socket)
                }
                try await Task.sleep(for: .milliseconds(25))
            }
            await process.terminate()
            throw SocketClient.Failure(description: "winddownd did not answer\n\(process.stderr)")
        }

        func request(_ line: String) throws -> [String: Any] { try SocketClient(path: socket).request(line) }

        func finish() async {
            await process.terminate()
            dir.remove()
        }

        /// `config`: lines for `[session]` (`fade_out = "1m"` when empty).
        static func with(
            _ label: String, device: String, extra: [String] = [], config: String = "", _ body: (Daemon) async throws -> Void
        ) async throws {
            let daemon = try await launch(label, device: device, extra: extra, config: config)
            do { try await body(daemon) } catch {
                await daemon.finish()
                throw error
            }
            await daemon.finish()
        }
    }

    /// User and system CPU seconds of process `pid`, all threads, from /proc.
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func started(_ daemon: Daemon, _ line: String = "start") throws {
        let answer = try daemon.request(line)
        try #require(answer["ok"] as? Bool == true, "\(answer)\n\(daemon.process.stderr)")
    }

    @Test("a daemon session on null: elapsed_s follows the wall clock, and history records the time that really passed")
    func daemonOnNull() async throws {
        try await Daemon.with("realtime-daemon", device: "null") { daemon in
            try Self.started(daemon)
            let began = Date()
            let cpuBefore = try Self.cpuSeconds(daemon.process.pid)
            try await Task.sleep(for: .seconds(10))
            let status = try daemon.request("status")
            let wall = Date().timeIntervalSince(began)
            // Mixing a sleep sound in a debug build takes a tenth of a core or
            // so; a thread that spun instead of sleeping would take a whole one.
            let cpu = try Self.cpuSeconds(daemon.process.pid) - cpuBefore
            #expect(cpu < 0.5 * wall, "the daemon used \(format(cpu)) s of CPU in \(format(wall)) s of session")
            let elapsed = Double(status["elapsed_s"] as? Int ?? -100)
            #expect(abs(elapsed - wall) <= 1, "elapsed_s \(elapsed) after \(format(wall)) s: \(status)")
            #expect(status["state"] as? String == "running")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            for _ in 0..<50 where try daemon.request("status")["state"] as? String != "idle" {
                try await Task.sleep(for: .milliseconds(200))
            }
            let sessions = try daemon.request("history 1")["sessions"] as? [[String: Any]] ?? []
            let played = sessions.first?["duration_s"] as? Int ?? -1
            #expect(played >= 10 && played <= 15, "history says \(played) s played: \(sessions)")
        }
    }

    @Test("hold keeps step and remaining_s while the clock runs; resume moves on; refusals name what is wrong")
    func hold() async throws {
        try await Daemon.with("realtime-hold", device: "null", extra: ["--speed", "10"]) { daemon in
            #expect(try daemon.request("hold")["error"] as? String == "no session is running")
            try Self.started(daemon)
            let held = try daemon.request("hold")
            try #require(held["ok"] as? Bool == true, "\(held)")
            let first = try daemon.request("status")
            #expect(first["state"] as? String == "holding", "\(first)")
            let again = try daemon.request("hold")
            #expect((again["error"] as? String)?.contains("already holding") == true, "\(again)")
            // 3 s of wall clock are 30 s of session at speed 10: the step would have moved on.
            try await Task.sleep(for: .seconds(3))
            let later = try daemon.request("status")
            let step = { (status: [String: Any]) in (status["step"] as? [String: Any])?["index"] as? Int }
            #expect(step(later) == step(first), "\(first) → \(later)")
            #expect(later["remaining_s"] as? Int == first["remaining_s"] as? Int, "\(first) → \(later)")
            #expect((later["elapsed_s"] as? Int ?? 0) >= (first["elapsed_s"] as? Int ?? 0) + 25, "\(later)")
            // The winddownctl spelling of resume.
            let resumed = try await run(
                try ClientBinary.url(), ["--socket", daemon.socket, "resume"], logsIn: daemon.dir.url, timeout: .seconds(10))
            #expect(resumed.exitedCleanly, "\(resumed)")
            try await Task.sleep(for: .seconds(2))
            let moving = try daemon.request("status")
            #expect(moving["state"] as? String == "running")
            #expect((moving["remaining_s"] as? Int ?? 0) <= (first["remaining_s"] as? Int ?? 0) - 15, "\(first) → \(moving)")
        }
    }

    @Test("extend 10m in the fade adds 600 s to remaining_s; the captured fade never falls faster than 0.5 dB a second, and falls slower after; bad lengths are refused")
    func extend() async throws {
        let capture = try TemporaryDirectory("realtime-extend-capture")
        defer { capture.remove() }
        let file = capture.file("played.wav")
        try await Daemon.with("realtime-extend", device: Paths.captureDevice(file), config: "fade_out = \"5m\"") { daemon in
            #expect((try daemon.request("extend 10m")["error"] as? String) == "no session is running")
            try Self.started(daemon)
            // Skipped through its steps, the session is in its 5 min fade at once.
            for _ in 0..<20 where try daemon.request("skip")["ok"] as? Bool == true {}
            #expect(try daemon.request("status")["step"] == nil, "still in the guided part")
            try await Task.sleep(for: .seconds(2))
            let before = try daemon.request("status")["remaining_s"] as? Int ?? 0
            let extended = try await run(
                try ClientBinary.url(), ["--socket", daemon.socket, "extend", "10m"], logsIn: daemon.dir.url, timeout: .seconds(10))
            #expect(extended.exitedCleanly && extended.stdout.contains("fade extended"), "\(extended)")
            let after = try daemon.request("status")["remaining_s"] as? Int ?? 0
            #expect(abs(after - before - 600) <= 2, "remaining_s \(before) → \(after)")
            for bad in ["0s", "-5m", "soon", "4h", ""] {
                let answer = try daemon.request("extend \(bad)")
                #expect(answer["ok"] as? Bool == false && !((answer["error"] as? String) ?? "").isEmpty, "extend \(bad): \(answer)")
            }
            let tooMuch = try daemon.request("extend 2h55m")
            #expect((tooMuch["error"] as? String)?.contains("at most 3h") == true, "\(tooMuch)")
            #expect(try daemon.request("status")["remaining_s"] as? Int ?? 0 >= after - 1)
            try await Task.sleep(for: .seconds(12))
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            for _ in 0..<50 where try daemon.request("status")["state"] as? String != "idle" {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let played = try AudioClip(contentsOf: file)
        // Second by second, from just after the skips to just before the stop's 3 s fade.
        let end = played.seconds - 3.5
        let levels = stride(from: end - 12.5, to: end, by: 1.0).map { 20 * log10(max(1e-9, played.rms($0, $0 + 1))) }
        #expect(levels.count >= 12, "\(format(played.seconds)) s captured")
        // Noise measured a second at a time wobbles by a few tenths of a dB,
        // enough to cross 0.5 dB now and then on a loaded machine: the steps
        // are taken two seconds at a time, against 0.5 dB a second (the late
        // slope below tells the fade's rate before and after the extension apart).
        let pairs = stride(from: end - 12.5, to: end - 1.5, by: 2.0).map { 20 * log10(max(1e-9, played.rms($0, $0 + 2))) }
        let steps = zip(pairs, pairs.dropFirst()).map { $0 - $1 }
        #expect((steps.max() ?? 99) <= 1.0, "the fade fell \(format(steps.max() ?? 99)) dB in two seconds: \(pairs)")
        #expect((steps.min() ?? -99) >= -0.5, "the level rose during the fade: \(pairs)")
        // 96 dB over 5 min before (0.32 dB a second); over the remaining 15 min after (0.1).
        let lateSlope = (levels[levels.count - 9] - levels[levels.count - 1]) / 8
        #expect(lateSlope > 0.02 && lateSlope < 0.2, "after the extension the fade falls \(format(lateSlope)) dB a second: \(levels)")
    }
}
