import Foundation
import Testing

extension EndToEnd {
    /// `winddown-mqtt` between a real Mosquitto broker and the real daemon:
    /// what Home Assistant would read from the broker, and what its
    /// entities' commands do to the daemon.
    @Suite("Home Assistant through MQTT (winddown-mqtt)")
    struct MQTTBridgeTests {
        static func json(_ text: String?) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data((text ?? "").utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(text ?? "nil")")
        }

        /// utime + stime from /proc/PID/stat, in seconds.
        static func cpuSeconds(of pid: pid_t) -> Double {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            // The fields after the command name in parentheses: utime and stime are the 12th and 13th.
            guard let close = text.lastIndex(of: ")") else { return 0 }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        @Test("the discovery config is Home Assistant's device discovery, field by field; availability follows the bridge")
        func discovery() async throws { try await BridgeRig.with("mqtt-disc") { rig in
            let listener = try await MQTTListener(rig.broker)
            let bridge = try await rig.startBridge()
            #expect(await listener.wait { !$0.filter { $0.topic == rig.discoveryTopic }.isEmpty })
            let announced = try #require(listener.on(rig.discoveryTopic).last)
            let config = try Self.json(announced.payload)

            let device = try #require(config["dev"] as? [String: Any])
            #expect(device["ids"] as? [String] == ["winddown_it_box"])
            #expect((device["name"] as? String)?.isEmpty == false)
            #expect(device["mf"] as? String == "winddown")
            #expect((device["mdl"] as? String)?.isEmpty == false)
            #expect(device["sw"] as? String == (try await run(try BridgeRig.bridgeBinary(), ["--version"], logsIn: rig.dir.url)).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let origin = try #require(config["o"] as? [String: Any])
            #expect(origin["name"] as? String == "winddown-mqtt" && origin["sw"] as? String == device["sw"] as? String)
            #expect(config["availability_topic"] as? String == "\(rig.topic)/availability")
            #expect(config["payload_available"] as? String == "online" && config["payload_not_available"] as? String == "offline")
            #expect(config["qos"] as? Int == 1)

            let components = try #require(config["cmps"] as? [String: [String: Any]])
            func component(_ id: String, _ platform: String) -> [String: Any] {
                let found = components[id] ?? [:]
                #expect(found["p"] as? String == platform, "\(id): \(found)")
                #expect(found["unique_id"] as? String == "winddown_it_box_\(id)", "\(id)")
                #expect((found["name"] as? String)?.isEmpty == false, "\(id)")
                return found
            }
            for button in ["start", "stop", "skip", "snooze", "pause", "resume", "extend", "hold"] {
                let entity = component(button, "button")
                #expect(entity["command_topic"] as? String == "\(rig.topic)/\(button)/press")
                #expect(entity["payload_press"] as? String == "PRESS")
            }
            let schedule = component("schedule", "switch")
            #expect(schedule["command_topic"] as? String == "\(rig.topic)/schedule/set")
            #expect(schedule["state_topic"] as? String == "\(rig.topic)/schedule")
            #expect(schedule["payload_on"] as? String == "ON" && schedule["payload_off"] as? String == "OFF")
            let volume = component("volume", "number")
            #expect(volume["command_topic"] as? String == "\(rig.topic)/volume/set" && volume["state_topic"] as? String == "\(rig.topic)/volume")
            #expect(volume["min"] as? Int == 0 && volume["max"] as? Int == 50 && volume["step"] as? Int == 1)
            let routine = component("routine", "select")
            let shipped = try FileManager.default.contentsOfDirectory(atPath: rig.dir.file("data/routines").path)
                .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
            #expect(Set(routine["options"] as? [String] ?? []) == Set(shipped + ["none"]), "\(routine)")
            #expect(routine["state_topic"] as? String == "\(rig.topic)/routine")
            let state = component("state", "sensor")
            #expect(state["device_class"] as? String == "enum")
            #expect(state["options"] as? [String] == ["idle", "running", "holding", "paused", "stopping"])
            _ = component("step", "sensor")
            #expect(component("time_left", "sensor")["device_class"] as? String == "duration")
            #expect(component("next_run", "sensor")["device_class"] as? String == "timestamp")
            for (id, entity) in components {
                for key in ["state_topic", "command_topic"] {
                    if let topic = entity[key] as? String { #expect(topic.hasPrefix("\(rig.topic)/"), "\(id).\(key)") }
                }
            }

            // Retained, so Home Assistant finds it whenever it starts; states too.
            let late = try await MQTTListener(rig.broker)
            #expect(await late.wait { $0.contains { $0.topic == rig.discoveryTopic && $0.retained } })
            #expect(await late.wait { $0.contains { $0.topic == "\(rig.topic)/availability" && $0.retained && $0.payload == "online" } })
            #expect(await late.wait { $0.contains { $0.topic == "\(rig.topic)/state" && $0.retained && $0.payload == "idle" } })
            #expect(late.last("\(rig.topic)/next_run").flatMap { ISO8601DateFormatter().date(from: $0) } != nil, "\(late.messages)")

            // Home Assistant restarting says so; the bridge announces again.
            let before = listener.on(rig.discoveryTopic).count
            try await rig.broker.publish("homeassistant/status", "online")
            #expect(await listener.wait { $0.filter { $0.topic == rig.discoveryTopic }.count > before })

            // Stopped: "offline" on purpose. Started again: the same config, byte for byte.
            await rig.stopBridge()
            #expect(await listener.wait(for: "\(rig.topic)/availability", "offline"))
            #expect(bridge.stderr.contains("stopping"))
            try await rig.startBridge()
            #expect(await listener.wait(for: "\(rig.topic)/availability", "online"))
            #expect(listener.on(rig.discoveryTopic).last?.payload == announced.payload)

            // Killed: the broker sends the last will.
            rig.bridge?.send(SIGKILL)
            #expect(await listener.wait(for: "\(rig.topic)/availability", "offline"))
        } }

        @Test("every button does what its socket command does; the volume and the schedule switch round-trip")
        func commands() async throws { try await BridgeRig.with("mqtt-cmd", speed: 4) { rig in
            let listener = try await MQTTListener(rig.broker)
            try await rig.startBridge()
            let t = rig.topic
            #expect(await listener.wait(for: "\(t)/state", "idle"))

            try await rig.broker.publish("\(t)/routine/set", "quick")
            #expect(await listener.wait(for: "\(t)/routine", "quick"))
            try await rig.broker.publish("\(t)/start/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"), "\(listener.messages)")
            #expect(try rig.status()["routine"] as? String == "quick")

            try await rig.broker.publish("\(t)/volume/set", "35")
            #expect(await listener.wait(for: "\(t)/volume", "35"))
            #expect(try rig.status()["volume"] as? Int == 35)
            try await rig.broker.publish("\(t)/volume/set", "12.0")
            #expect(await listener.wait(for: "\(t)/volume", "12"))
            #expect(try rig.status()["volume"] as? Int == 12)

            try await rig.broker.publish("\(t)/pause/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "paused"))
            #expect(try rig.status()["state"] as? String == "paused")
            try await rig.broker.publish("\(t)/resume/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"))

            try await rig.broker.publish("\(t)/hold/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "holding"))
            let heldStep = try rig.status()["step"] as? [String: Any]
            try await rig.broker.publish("\(t)/skip/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"))
            let nextStep = try rig.status()["step"] as? [String: Any]
            #expect((nextStep?["index"] as? Int ?? 0) > (heldStep?["index"] as? Int ?? 0), "\(String(describing: heldStep)) → \(String(describing: nextStep))")
            #expect(await listener.wait(for: "\(t)/step", nextStep?["title"] as? String ?? "?"))

            let before = try rig.status()["remaining_s"] as? Int ?? 0
            try await rig.broker.publish("\(t)/extend/press", "PRESS")
            #expect(await listener.wait { _ in ((try? rig.status()["remaining_s"] as? Int) ?? 0) > before + 500 })

            try await rig.broker.publish("\(t)/stop/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "idle", timeout: .seconds(15)))

            let nextRun = try rig.status()["next_run"] as? String
            try await rig.broker.publish("\(t)/snooze/press", "PRESS")
            #expect(await listener.wait { _ in ((try? rig.status()["next_run"] as? String) ?? nil) != nextRun })
            #expect(await listener.wait(for: "\(t)/next_run", (try rig.status()["next_run"] as? String) ?? "None"))

            try await rig.broker.publish("\(t)/schedule/set", "OFF")
            #expect(await listener.wait(for: "\(t)/schedule", "OFF"))
            #expect(try rig.status()["schedule"] as? Bool == false)
            #expect(listener.last("\(t)/next_run") == "None")
            try await rig.broker.publish("\(t)/schedule/set", "ON")
            #expect(await listener.wait(for: "\(t)/schedule", "ON"))
            #expect(try rig.status()["schedule"] as? Bool == true)
            // Not `winddownctl` alone: a change made on the socket shows on the broker too.
            #expect(try rig.daemon.request("schedule off")["ok"] as? Bool == true)
            #expect(await listener.wait(for: "\(t)/schedule", "OFF"))
            #expect(listener.on("\(t)/last_error").allSatisfy { $0.payload == "None" }, "\(listener.on("\(t)/last_error"))")
        } }

        @Test("the state topics follow a session from start through its steps to its end, and then stay quiet")
        func followsASession() async throws { try await BridgeRig.with("mqtt-follow", speed: 30) { rig in
            let listener = try await MQTTListener(rig.broker)
            try await rig.startBridge()
            let t = rig.topic
            try await rig.broker.publish("\(t)/routine/set", "quick")
            #expect(await listener.wait(for: "\(t)/routine", "quick"))
            try await rig.broker.publish("\(t)/start/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"))
            // 5 minutes at 30 times: ten seconds.
            #expect(await listener.wait(for: "\(t)/state", "idle", timeout: .seconds(40)), "\(listener.messages)")
            let states = listener.on("\(t)/state").map(\.payload)
            #expect(states.first == "idle" && states.contains("running") && states.last == "idle", "\(states)")
            let steps = listener.on("\(t)/step").map(\.payload)
            #expect(Set(steps).count >= 4, "\(steps)")
            #expect(steps.last == "Not running")
            let minutes = listener.on("\(t)/time_left").compactMap { Int($0.payload) }
            #expect(minutes.contains(5) && minutes.last == 0, "\(minutes)")
            #expect(zip(minutes.dropFirst(2), minutes.dropFirst(1)).allSatisfy { $0 <= $1 }, "time left went up: \(minutes)")
            let everything = listener.messages.count
            try await Task.sleep(for: .seconds(3))
            #expect(listener.messages.count == everything, "published with nothing changing: \(listener.messages.suffix(5))")
        } }

        @Test("a broker killed and restarted, and a daemon restarted, are survived: the entities come back")
        func survivesRestarts() async throws { try await BridgeRig.with("mqtt-restart") { rig in
            let bridge = try await rig.startBridge()
            let t = rig.topic

            await rig.broker.kill()
            try await Task.sleep(for: .seconds(1))
            try await rig.broker.start()
            // The broker forgot every retained message; the bridge says it all again.
            let listener = try await MQTTListener(rig.broker)
            #expect(await listener.wait(timeout: .seconds(40)) { $0.contains { $0.topic == rig.discoveryTopic } }, "\(bridge.stderr)")
            let late = try await MQTTListener(rig.broker)
            #expect(await late.wait { $0.contains { $0.topic == rig.discoveryTopic && $0.retained } })
            #expect(await listener.wait(for: "\(t)/availability", "online"))
            #expect(await listener.wait(for: "\(t)/state", "idle"))
            #expect(bridge.stderr.components(separatedBy: "MQTT broker").count - 1 == 1, "one log line per outage:\n\(bridge.stderr)")
            #expect(bridge.stderr.contains("connected to the broker mqtt://127.0.0.1:\(rig.broker.port) again"))

            try await rig.restartDaemon(downFor: .seconds(2))
            #expect(await listener.wait(for: "\(t)/availability", "offline"), "\(listener.messages)")
            #expect(await listener.wait(timeout: .seconds(20)) { $0.last { $0.topic == "\(t)/availability" }?.payload == "online" }, "\(bridge.stderr)")
            #expect(bridge.stderr.contains("winddownd is back"))
            try await rig.broker.publish("\(t)/start/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"))
            #expect(bridge.isRunning)
        } }

        @Test("payloads an entity would not send, retained garbage and a 1 MiB message: logged, shown, and the bridge goes on")
        func badPayloads() async throws { try await BridgeRig.with("mqtt-bad") { rig in
            let t = rig.topic
            // Left on the broker before the bridge starts: it must not start a session.
            try await rig.broker.publish("\(t)/start/press", "PRESS", retain: true)
            try await rig.broker.publish("\(t)/volume/set", "garbage", retain: true)
            let listener = try await MQTTListener(rig.broker)
            let bridge = try await rig.startBridge()
            #expect(await listener.wait(for: "\(t)/state", "idle"))
            try await Task.sleep(for: .seconds(1))
            #expect(try rig.status()["state"] as? String == "idle")
            #expect(bridge.stderr.contains("\(t)/start/press: ignoring a retained message"), "\(bridge.stderr)")

            let huge = rig.dir.file("huge.bin")
            try Data(repeating: 0x37, count: 1 << 20).write(to: huge)
            let cases: [(String, String?, String)] = [
                ("volume/set", "loud", "expected a number from 0 to 50"),
                ("volume/set", "1e9", "expected a number from 0 to 50"),
                ("volume/set", "NaN", "expected a number"),
                ("volume/set", "-1", "expected a number"),
                ("routine/set", "no-such-routine", "no routine named \"no-such-routine\""),
                ("schedule/set", "MAYBE", "expected ON or OFF"),
                ("stop/press", "please", "expected PRESS"),
                ("volume/set", nil, "1048576 bytes"),
                // Idle: the daemon itself refuses, and says why.
                ("volume/set", "30", "volume 30:"),
            ]
            for (command, payload, message) in cases {
                if let payload {
                    try await rig.broker.publish("\(t)/\(command)", payload)
                } else {
                    try await rig.broker.publish("\(t)/\(command)", file: huge)
                }
                #expect(await listener.wait { $0.last { $0.topic == "\(t)/last_error" }?.payload.contains(message) == true }, "\(command) \(payload ?? "1 MiB"): \(listener.last("\(t)/last_error") ?? "")")
                #expect(bridge.isRunning)
            }
            // The entities show what is true: the volume and routine as they were.
            #expect(listener.last("\(t)/volume") == "20")
            #expect(listener.on("\(t)/volume").count >= 3, "the volume state was not published again after a refusal")
            // HostileDaemon's configured routine.
            #expect(listener.last("\(t)/routine") == "none")
            #expect((listener.last("\(t)/last_error")?.count ?? .max) < 400)
            #expect(try rig.status()["volume"] as? Int == 20)
            #expect(bridge.stderr.contains("expected a number from 0 to 50 (audio.max_volume), found \"loud\""))

            // And it still works.
            try await rig.broker.publish("\(t)/start/press", "PRESS")
            #expect(await listener.wait(for: "\(t)/state", "running"))
            // Clear the retained garbage for whoever uses this broker next.
            try await rig.broker.publish("\(t)/start/press", "", retain: true)
        } }

        @Test("a broker that refuses the login is logged and retried; the right password from password_file connects")
        func login() async throws {
            let dir = try TemporaryDirectory("mqtt-login")
            defer { dir.remove() }
            let broker = try MosquittoBroker(in: dir, login: ("winddown", "s3cret pass"))
            try await broker.start()
            let daemon = try await HostileDaemon.launch(in: dir)
            func bridge(password: String, label: String) async throws -> LaunchedProcess {
                let file = try dir.write(password + "\n", to: "password-\(label)")
                let config = try dir.write(
                    HostileDaemon.baseConfig(schedule: false)
                        + "[mqtt]\nbroker = \"mqtt://127.0.0.1:\(broker.port)\"\nnode_id = \"login_box\"\nusername = \"winddown\"\npassword_file = \"\(file.path)\"\n",
                    to: "bridge-\(label).toml")
                return try LaunchedProcess(try BridgeRig.bridgeBinary(), ["--config", config.path, "--socket", daemon.socket], logsIn: dir.url, name: "winddown-mqtt")
            }
            let wrong = try await bridge(password: "wrong", label: "wrong")
            #expect(await wrong.waitForLog(timeout: .seconds(10)) { $0.contains("refused the connection") }, "\(wrong.stderr)")
            try await Task.sleep(for: .seconds(3))
            #expect(wrong.isRunning)
            #expect(wrong.stderr.components(separatedBy: "refused the connection").count - 1 == 1, "logged more than once:\n\(wrong.stderr)")
            await wrong.terminate()

            let right = try await bridge(password: "s3cret pass", label: "right")
            #expect(await right.waitForLog(timeout: .seconds(10)) { $0.contains("connected to the broker") }, "\(right.stderr)")
            await right.terminate()
            await daemon.process.terminate()
            await broker.stop()
        }

        @Test("mqtts:// checks the broker's certificate against the system's: an untrusted one is refused, logged once, retried")
        func untrustedTLS() async throws {
            let dir = try TemporaryDirectory("mqtt-tls")
            defer { dir.remove() }
            let broker = try MosquittoBroker(in: dir, selfSignedTLS: true)
            try await broker.start()
            let config = try dir.write(
                HostileDaemon.baseConfig(schedule: false) + "[mqtt]\nbroker = \"mqtts://127.0.0.1:\(broker.port)\"\nnode_id = \"tls_box\"\n",
                to: "winddown.toml")
            let bridge = try LaunchedProcess(
                try BridgeRig.bridgeBinary(), ["--config", config.path, "--socket", dir.file("none.sock").path], logsIn: dir.url,
                name: "winddown-mqtt")
            #expect(await bridge.waitForLog(timeout: .seconds(10)) { $0.contains("MQTT broker mqtts://127.0.0.1:\(broker.port)") }, "\(bridge.stderr)")
            try await Task.sleep(for: .seconds(4))
            #expect(bridge.isRunning)
            #expect(!bridge.stderr.contains("connected to the broker"), "\(bridge.stderr)")
            #expect(bridge.stderr.components(separatedBy: "MQTT broker").count - 1 == 1, "\(bridge.stderr)")
            // The bridge turned the certificate down, not the broker the bridge.
            #expect(broker.process?.stderr.contains("unknown ca") == true, "\(broker.process?.stderr ?? "")")
            // And with no broker at all, it sleeps between tries: a dead TLS
            // socket once made its loop spin.
            await broker.stop()
            try await Task.sleep(for: .seconds(1))
            let before = Self.cpuSeconds(of: bridge.pid)
            try await Task.sleep(for: .seconds(4))
            #expect(Self.cpuSeconds(of: bridge.pid) - before < 0.5, "the bridge spins while the broker is away")
            #expect(bridge.isRunning)
            await bridge.terminate()
        }

        @Test("without a broker, or with a bad [mqtt] section, the bridge names the key and exits 78", arguments: [
            ("", "mqtt.broker is not set"),
            ("[mqtt]\nbroker = \"tcp://x\"\n", "mqtt.broker"),
            ("[mqtt]\nbroker = \"mqtt://x\"\nnode_id = \"Not OK\"\n", "mqtt.node_id"),
            ("[mqtt]\nbroker = \"mqtt://x\"\nusername = \"u\"\npassword_file = \"/nonexistent/pw\"\n", "mqtt.password_file: /nonexistent/pw"),
        ])
        func badConfiguration(section: String, message: String) async throws {
            let dir = try TemporaryDirectory("mqtt-conf")
            defer { dir.remove() }
            let config = try dir.write(HostileDaemon.baseConfig(schedule: false) + section, to: "winddown.toml")
            let result = try await run(try BridgeRig.bridgeBinary(), ["--config", config.path, "--socket", dir.file("none.sock").path], logsIn: dir.url, timeout: .seconds(10))
            #expect(result.status == 78 && !result.signalled, "\(result)")
            #expect(result.stderr.contains(message), "\(result)")
            if section.contains("tcp://") {
                #expect(result.stderr.contains("winddown.toml:"), "no file and line: \(result)")
                let check = try await run(try Paths.daemon(), ["check-config", "--config", config.path], logsIn: dir.url)
                #expect(check.status != 0 && (check.stdout + check.stderr).contains("mqtt.broker"), "\(check)")
            }
        }
    
        @Test("watch: the status at once, then each change pushed on the same connection, and nothing while nothing changes")
        func watchProtocol() async throws { try await HostileDaemon.with("watch", config: "") { daemon in
            let watcher = try SocketClient(path: daemon.socket)
            watcher.send(raw: Array("watch\n".utf8))
            let first = try Self.json(try watcher.readLine())
            #expect(first["ok"] as? Bool == true && first["state"] as? String == "idle" && first["event"] == nil, "\(first)")
            #expect(first["schedule"] as? Bool == false)
            // The same connection still answers requests, in order.
            watcher.send(raw: Array("ping\n".utf8))
            #expect(try Self.json(try watcher.readLine())["ok"] as? Bool == true)

            #expect(try daemon.request("start")["ok"] as? Bool == true)
            var pushed: [[String: Any]] = []
            while !pushed.contains(where: { $0["state"] as? String == "running" }) {
                let line = try Self.json(try watcher.readLine())
                #expect(line["event"] as? String == "status", "\(line)")
                pushed.append(line)
            }
            #expect(try daemon.request("volume 33")["ok"] as? Bool == true)
            while !pushed.contains(where: { $0["volume"] as? Int == 33 }) { pushed.append(try Self.json(try watcher.readLine())) }
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            while !pushed.contains(where: { $0["state"] as? String == "idle" }) { pushed.append(try Self.json(try watcher.readLine())) }
            #expect(try daemon.request("schedule on")["ok"] as? Bool == true)
            while !pushed.contains(where: { $0["schedule"] as? Bool == true }) { pushed.append(try Self.json(try watcher.readLine())) }

            // Idle: nothing more comes (a 1.5 s read timeout).
            var timeout = timeval(tv_sec: 1, tv_usec: 500_000)
            setsockopt(watcher.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            #expect(throws: SocketClient.Failure.self) { try watcher.readLine() }
        } }
    }
}
