import Foundation
import Testing

extension EndToEnd {
    /// What the person in bed meets from the routine: the caution on the
    /// first night only, a weekday's own night announced ahead, and the
    /// lights following the routine's steps.
    @Suite("the routine drives the night")
    struct RoutineNightTests {
        @Test("sessions open with the caution, printed by winddownctl start too, until one has gone past it")
        func cautionFirstNightOnly() async throws {
            let tables = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map {
                "\($0) = { time = \"23:15\", routine = \"acupressure\", duration = \"10m\", sound = \"rain\" }"
            }
            let config = """
                [schedule]
                timezone = "UTC"
                \(tables.joined(separator: "\n"))
                [session]
                routine = "quick"
                duration = "5m"
                fade_out = "0s"
                [audio]
                device = "winddown_no_such_device"
                """
            try await ScheduledDaemon.with("caution", config: config) { daemon in
                try await daemon.launch()
                try await Self.firstNights(socket: daemon.socket, dir: daemon.dir)
            }
        }

        static func firstNights(socket: String, dir: TemporaryDirectory) async throws {
            func ctl(_ arguments: String...) async throws -> ProcessResult {
                try await run(try ClientBinary.url(), arguments + ["--socket", socket], logsIn: dir.url, timeout: .seconds(30))
            }
            func stopAndWait() async throws {
                _ = try await ctl("stop")
                for _ in 0..<200 {
                    if try SocketClient(path: socket).request("status")["state"] as? String == "idle" { return }
                    try await Task.sleep(for: .milliseconds(50))
                }
                Issue.record("the session did not stop")
            }

            let first = try await ctl("start")
            #expect(first.exitedCleanly, "\(first)")
            #expect(first.stdout.contains("session started\n\nBefore you begin:"), "\(first.stdout)")
            let printed = first.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(printed.contains("blood thinners") && printed.contains("ask a doctor"), "\(first.stdout)")
            #expect(first.stdout.split(separator: "\n").allSatisfy { $0.count <= 74 }, "lines are wrapped: \(first.stdout)")
            let status = try SocketClient(path: socket).request("status")
            #expect((status["step"] as? [String: Any])?["title"] as? String == "Before you begin", "\(status)")
            try await stopAndWait()

            // Stopped before the caution was over: the next session says it again.
            let second = try await ctl("start")
            #expect(second.stdout.contains("Before you begin:"), "\(second)")
            _ = try await ctl("skip")
            let skipped = try SocketClient(path: socket).request("status")
            #expect((skipped["step"] as? [String: Any])?["title"] as? String == "Welcome", "\(skipped)")
            try await stopAndWait()

            // Past it once: never again.
            let third = try await ctl("start")
            #expect(third.exitedCleanly && third.stdout == "session started\n", "\(third)")
            let thirdStatus = try SocketClient(path: socket).request("status")
            #expect((thirdStatus["step"] as? [String: Any])?["title"] as? String == "Welcome", "\(thirdStatus)")
            try await stopAndWait()
            let history = try SocketClient(path: socket).request("history 3")["sessions"] as? [[String: Any]] ?? []
            #expect(history.map { $0["caution"] as? Bool ?? false } == [false, true, false], "\(history)")

            // Every weekday has its own night: `next` and `status` say what it plays.
            let next = try await ctl("next")
            #expect(next.stdout.contains("23:15") && next.stdout.contains("(acupressure, 10m, rain)"), "\(next)")
            let night = try SocketClient(path: socket).request("status")["next_night"] as? [String: Any]
            #expect(night?["routine"] as? String == "acupressure" && night?["duration"] as? String == "10m", "\(String(describing: night))")
            #expect(night?["sound"] as? String == "rain")
            let shown = try await ctl("status")
            #expect(shown.stdout.contains("plan:      acupressure, 10m, rain"), "\(shown)")
        }

        @Test("render --timeline lists the light plan: darker only, each cue's level reached as its step begins")
        func lightsFollowTheSteps() async throws {
            let dir = try TemporaryDirectory("lights")
            defer { dir.remove() }
            let config = try dir.write("[audio]\nvolume = 0\n[dimming]\nfrom = 60\nto = 0\n", to: "lights.toml")
            let plan = dir.file("plan.jsonl")
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", config.path, "--output", dir.file("out.wav").path, "--timeline", plan.path,
                    "--duration", "10m", "--fade-out", "0s", "--caution", "off"],
                logsIn: dir.url, timeout: .seconds(150))
            try #require(result.exitedCleanly, "\(result)")
            let lines = try String(contentsOf: plan, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let lights = lines.filter { $0["type"] as? String == "light" }
            let levels = lights.compactMap { $0["level"] as? Int }
            #expect(lights.count >= 8 && levels.count == lights.count)
            #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 >= $1 }, "levels \(levels)")
            #expect(levels.last == 0 && (lights.last?["start_s"] as? Double) == 600)
            // foot-massage's cues: settle 45, arch-heel 35, Bubbling Spring 25, Shen Men 15, the sweep 8.
            let cues = ["settle": 45, "arch-heel": 35, "bubbling-spring": 25, "shen-men": 15, "sweep": 8]
            for (id, level) in cues {
                let start = try #require(
                    lines.first { $0["type"] as? String == "step" && $0["id"] as? String == id }?["start_s"] as? Double)
                let arriving = lights.first { light in
                    let end = (light["start_s"] as? Double ?? 0) + (light["transition_s"] as? Double ?? 0)
                    return abs(end - start) < 0.01
                }
                #expect(arriving?["level"] as? Int == level, "\(id) at \(start) s: \(String(describing: arriving))")
            }
        }
    }
}
