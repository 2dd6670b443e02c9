import Foundation
import Testing

extension EndToEnd {
    /// `GET /api/plan` and its picture: the same numbers `render --timeline`
    /// writes for the same configuration, and `render --plan-svg` draws them offline.
    @Suite("Tonight's plan on the page and offline")
    struct WebPlanTests {
        static func lines(_ file: URL) throws -> [[String: Any]] {
            try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }

        static func close(_ a: Any?, _ b: Any?, within: Double = 0.002) -> Bool {
            guard let x = (a as? NSNumber)?.doubleValue, let y = (b as? NSNumber)?.doubleValue else { return false }
            return abs(x - y) <= within
        }

        @Test("the plan's steps, prompts, length and light calls are render --timeline's, to the millisecond")
        func planMatchesTimeline() async throws { try await WebRig.with("web-plan", web: "") { rig in
            let plan = try rig.http.request("GET", "/api/plan?routine=foot-massage&duration=5m").json
            #expect(plan["ok"] as? Bool == true, "\(plan)")
            let timelineFile = rig.dir.file("timeline.jsonl")
            let rendered = try await run(
                try Paths.daemon(),
                ["render", "--config", rig.config.path, "--state-dir", rig.dir.file("state").path, "--routine", "foot-massage",
                 "--duration", "5m", "--timeline", timelineFile.path],
                environment: rig.environment, logsIn: rig.dir.url)
            #expect(rendered.status == 0, "\(rendered.stderr)")
            let timeline = try Self.lines(timelineFile)
            let session = try #require(timeline.first { $0["type"] as? String == "session" })
            #expect(Self.close(plan["guided_end_s"], session["guided_end_s"]) && Self.close(plan["end_s"], session["end_s"]))

            let steps = timeline.filter { $0["type"] as? String == "step" }
            let planSteps = plan["steps"] as? [[String: Any]] ?? []
            #expect(steps.count == planSteps.count && steps.count > 5)
            for (line, step) in zip(steps, planSteps) {
                #expect(line["title"] as? String == step["title"] as? String)
                #expect(Self.close(line["start_s"], step["start_s"]) && Self.close(line["end_s"], step["end_s"]), "\(line) vs \(step)")
                #expect(line["foot"] as? String == step["foot"] as? String)
            }
            let prompts = timeline.filter { $0["type"] as? String == "prompt" }
            let planPrompts = plan["prompts"] as? [[String: Any]] ?? []
            #expect(prompts.count == planPrompts.count && prompts.count > 5)
            for (line, prompt) in zip(prompts, planPrompts) {
                #expect(line["text"] as? String == prompt["text"] as? String)
                #expect(Self.close(line["start_s"], prompt["start_s"]) && Self.close(line["end_s"], prompt["end_s"]))
            }

            // Every light call's level is on the plan's light line where its transition ends.
            let calls = timeline.filter { $0["type"] as? String == "light" }
            let light = (plan["light"] as? [[Double]]) ?? []
            #expect(!calls.isEmpty && light.count >= calls.count)
            for call in calls {
                let at = ((call["start_s"] as? Double) ?? 0) + ((call["transition_s"] as? Double) ?? 0)
                let level = Double(call["level"] as? Int ?? -1)
                #expect(light.contains { abs($0[0] - at) < 0.002 && $0[1] == level }, "light call \(call) is not on \(light)")
            }
            // The sound: at the configured volume (20 %) through the guided part, silent at the end.
            let sound = (plan["sound"] as? [[Double]]) ?? []
            let guidedEnd = (plan["guided_end_s"] as? Double) ?? 0
            #expect(sound.contains { $0[0] > 30 && $0[0] < guidedEnd && $0[1] == 20 })
            #expect(sound.last?[1] == 0 && sound.allSatisfy { $0[1] <= 20 })

            let picture = try rig.http.request("GET", "/api/plan.svg?routine=foot-massage&duration=5m")
            #expect(picture.status == 200 && picture.header("Content-Type") == "image/svg+xml")
            #expect(picture.text.hasPrefix("<svg") && picture.text.contains("class=\"sound\"") && picture.text.contains("class=\"light\""))
            #expect(picture.text.components(separatedBy: "class=\"prompt\"").count - 1 == planPrompts.count)
        } }

        @Test("a running session's plan says how far it is, and moves on")
        func runningPlan() async throws { try await WebRig.with("web-plan-live") { rig in
            #expect(try rig.http.post("/api/start", ["routine": "quick", "duration": "5m"]).status == 200)
            let first = try rig.http.request("GET", "/api/plan").json
            try await Task.sleep(for: .milliseconds(600))
            let second = try rig.http.request("GET", "/api/plan").json
            let a = try #require(first["elapsed_s"] as? Double)
            let b = try #require(second["elapsed_s"] as? Double)
            #expect(first["routine"] as? String == "quick" && b > a, "\(a) → \(b)")
            let picture = try rig.http.request("GET", "/api/plan.svg").text
            #expect(picture.contains("class=\"now\""), "the picture marks now")
            #expect(try rig.http.post("/api/stop").status == 200)
        } }

        @Test("plan requests whose clients hang up before the answer cost what answered ones cost (the server does not spin)")
        func hungUpPlans() async throws {
            try await HostileDaemon.with("plan-hangup") { daemon in
                let pid = daemon.process.pid
                // Each request a length of its own, so none is answered from the kept plans.
                func burst(_ minutes: ClosedRange<Int>, hangUp: Bool) async throws -> Double {
                    let before = MQTTBridgeTests.cpuSeconds(of: pid)
                    var clients: [SocketClient] = []
                    for length in minutes {
                        let client = try SocketClient(path: daemon.socket)
                        client.send(raw: Array("plan routine=foot-massage duration=\(length)m\n".utf8))
                        if hangUp { _ = Glibc.shutdown(client.fd, Int32(SHUT_RDWR)) } else { clients.append(client) }
                    }
                    for client in clients { _ = try client.readLine() }
                    // Plans are laid out one after another: one more, answered, comes after all of them.
                    _ = try SocketClient(path: daemon.socket).request("plan routine=foot-massage duration=\(minutes.upperBound)m")
                    return MQTTBridgeTests.cpuSeconds(of: pid) - before
                }
                // A server that spun on the hung-up sockets would spend as much again as the plans themselves.
                let answered = try await burst(5...32, hangUp: false)
                let abandoned = try await burst(33...60, hangUp: true)
                #expect(abandoned < answered * 1.5 + 0.05, "28 plans: \(answered) CPU s answered, \(abandoned) CPU s with the clients gone")
                #expect(try daemon.request("ping")["ok"] as? Bool == true)
                print("plan: 28 plans \(answered) CPU s answered, \(abandoned) CPU s with the clients gone")
            }
        }

        @Test("render --plan-svg draws the plan offline, without rendering any sound")
        func offlinePicture() async throws {
            let dir = try TemporaryDirectory("plan-svg")
            defer { dir.remove() }
            let config = try dir.write(HostileDaemon.baseConfig(schedule: false), to: "winddown.toml")
            let svg = dir.file("plan.svg")
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", config.path, "--state-dir", dir.file("state").path, "--routine", "acupressure", "--duration", "10m",
                 "--plan-svg", svg.path],
                environment: ["WINDDOWN_DATA_DIR": Paths.repositoryRoot.appendingPathComponent("config").path], logsIn: dir.url)
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOf: svg, encoding: .utf8)
            #expect(text.hasPrefix("<svg") && text.hasSuffix("</svg>\n") && text.contains("class=\"sound\""))
            #expect(!text.contains("class=\"now\""), "a plan not begun has no marker of now")
            let nothing = try await run(try Paths.daemon(), ["render", "--config", config.path], logsIn: dir.url)
            #expect(nothing.status != 0 && nothing.stderr.contains("--plan-svg"), "render with nothing to write says what it can write")
        }
    }
}
