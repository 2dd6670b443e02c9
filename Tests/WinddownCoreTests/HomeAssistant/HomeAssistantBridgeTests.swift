import Testing
import WinddownCore

@Suite("The Home Assistant bridge's decisions")
struct HomeAssistantBridgeTests {
    static let topics = BridgeTopics(nodeID: try! MQTTNodeID(parsing: "bedroom"), discoveryPrefix: .homeAssistant)
    static let settings = HomeAssistantBridge.Settings(
        topics: topics, maximumVolume: 50, routines: ["foot-massage", "quick"], defaultRoutine: "foot-massage",
        softwareVersion: "9.9.9")

    static func idle(volume: Int = 20, schedule: Bool = true) -> StatusReport {
        var report = StatusReport(state: .idle, nextRun: ControlTimestamp(parsing: "2026-12-02T22:30:00+01:00"), volume: volume)
        report.scheduleEnabled = schedule
        return report
    }

    static func running(step: Int, title: String, remaining: Int) -> StatusReport {
        var report = StatusReport(
            state: .running, routine: "foot-massage", step: .init(index: step, count: 8, title: title), elapsedSeconds: 10,
            remainingSeconds: remaining, volume: 20)
        report.scheduleEnabled = true
        return report
    }

    /// A bridge with the broker and the daemon both up, and what it published getting there.
    static func connected() -> (HomeAssistantBridge, [HomeAssistantBridge.Action]) {
        var bridge = HomeAssistantBridge(settings: settings)
        var actions = bridge.handle(.daemonConnected(idle()))
        actions += bridge.handle(.brokerConnected)
        return (bridge, actions)
    }

    static func published(_ actions: [HomeAssistantBridge.Action]) -> [String: String] {
        var result: [String: String] = [:]
        for case .publish(let topic, let payload, _) in actions { result[topic] = payload }
        return result
    }

    static func press(_ command: BridgeCommandTopic, _ payload: String = "PRESS", retained: Bool = false) -> HomeAssistantBridge.Event {
        .message(topic: topics.command(command), payload: Array(payload.utf8), retained: retained)
    }

    @Test("on connecting: subscribe, then the retained discovery config and every state")
    func announces() throws {
        let (_, actions) = Self.connected()
        guard case .subscribe(let topics) = actions.first else {
            Issue.record("first action is not a subscription: \(actions)")
            return
        }
        #expect(topics.contains("winddown/bedroom/start/press") && topics.contains("winddown/bedroom/volume/set"))
        #expect(topics.contains("homeassistant/status"))
        #expect(topics.allSatisfy { $0.hasPrefix("winddown/bedroom/") || $0 == "homeassistant/status" })
        let states = Self.published(actions)
        #expect(states["winddown/bedroom/availability"] == "online")
        #expect(states["winddown/bedroom/state"] == "idle")
        #expect(states["winddown/bedroom/step"] == "Not running")
        #expect(states["winddown/bedroom/time_left"] == "0")
        #expect(states["winddown/bedroom/next_run"] == "2026-12-02T22:30:00+01:00")
        #expect(states["winddown/bedroom/volume"] == "20")
        #expect(states["winddown/bedroom/schedule"] == "ON")
        #expect(states["winddown/bedroom/routine"] == "foot-massage")
        #expect(states["winddown/bedroom/last_error"] == "None")
        #expect(states["homeassistant/device/bedroom/config"] != nil)
        for case .publish(_, _, let retain) in actions { #expect(retain) }
    }

    @Test("the discovery config names one device and every entity interface.md lists")
    func discovery() throws {
        let payload = HomeAssistantDiscovery(topics: Self.topics, maximumVolume: 50, routines: ["a", "b"], softwareVersion: "9.9.9").payload
        let device = try #require(payload["dev"]?.objectValue)
        #expect(device["ids"] == .array(["winddown_bedroom"]))
        #expect(device["sw"] == "9.9.9" && device["mf"] != nil && device["mdl"] != nil && device["name"] != nil)
        #expect(payload["o"]?.objectValue?["name"] == "winddown-mqtt")
        #expect(payload["availability_topic"] == "winddown/bedroom/availability")
        let components = try #require(payload["cmps"]?.objectValue)
        let platforms = Dictionary(uniqueKeysWithValues: components.members.map { ($0.key, $0.value.objectValue?["p"]?.stringValue ?? "") })
        for button in ["start", "stop", "skip", "snooze", "pause", "resume", "extend"] { #expect(platforms[button] == "button", "\(button)") }
        #expect(platforms["schedule"] == "switch")
        #expect(platforms["volume"] == "number")
        #expect(platforms["routine"] == "select")
        for sensor in ["state", "step", "time_left", "next_run"] { #expect(platforms[sensor] == "sensor", "\(sensor)") }
        let ids = components.members.compactMap { $0.value.objectValue?["unique_id"]?.stringValue }
        #expect(Set(ids).count == components.count, "unique ids repeat: \(ids)")
        #expect(ids.allSatisfy { $0.hasPrefix("winddown_bedroom_") })
        #expect(components["start"]?.objectValue?["default_entity_id"] == "button.winddown_bedroom_start")
        #expect(components["next_run"]?.objectValue?["default_entity_id"] == "sensor.winddown_bedroom_next_run")
        let volume = try #require(components["volume"]?.objectValue)
        #expect(volume["min"] == 0 && volume["max"] == 50 && volume["step"] == 1)
        #expect(components["routine"]?.objectValue?["options"] == .array(["a", "b"]))
        #expect(components["next_run"]?.objectValue?["device_class"] == "timestamp")
        #expect(components["time_left"]?.objectValue?["device_class"] == "duration")
        #expect(components["state"]?.objectValue?["options"] == .array(["idle", "running", "holding", "paused", "stopping"]))
        // Stable: the same inputs give the same bytes, so Home Assistant sees no change after a restart.
        #expect(payload.encoded() == HomeAssistantDiscovery(topics: Self.topics, maximumVolume: 50, routines: ["a", "b"], softwareVersion: "9.9.9").payload.encoded())
    }

    @Test("each button sends its control request; the start button plays the chosen routine")
    func buttons() {
        var (bridge, _) = Self.connected()
        let expected: [(BridgeCommandTopic, ControlRequest)] = [
            (.start, .start(routine: .named("foot-massage"), duration: nil)), (.stop, .stop), (.pause, .pause),
            (.resume, .resume), (.hold, .hold), (.skip, .skip), (.extend, .extend(.seconds(600))), (.snooze, .snooze),
        ]
        for (command, request) in expected {
            #expect(bridge.handle(Self.press(command)) == [.send(request)], "\(command)")
        }
        #expect(bridge.handle(Self.press(.routine, "quick")) == [.publish(topic: "winddown/bedroom/routine", payload: "quick", retain: true)])
        #expect(bridge.handle(Self.press(.start)) == [.send(.start(routine: .named("quick"), duration: nil))])
        #expect(bridge.handle(Self.press(.schedule, "OFF")) == [.send(.schedule(enabled: false))])
        #expect(bridge.handle(Self.press(.volume, "35.0")) == [.send(.volume(.set(35)))])
        #expect(bridge.handle(Self.press(.volume, "0")) == [.send(.volume(.set(0)))])
    }

    @Test("a payload an entity would not send is refused, shown in last_error, and the true state is published again", arguments: [
        (BridgeCommandTopic.volume, "loud", "expected a number from 0 to 50"),
        (.volume, "1e9", "expected a number from 0 to 50"),
        (.volume, "nan", "expected a number"),
        (.volume, "-1", "expected a number"),
        (.volume, "51", "expected a number"),
        (.schedule, "MAYBE", "expected ON or OFF"),
        (.routine, "no-such-routine", "no routine named \"no-such-routine\"; the routines are foot-massage, quick"),
        (.start, "HELLO", "expected PRESS"),
    ])
    func badPayloads(command: BridgeCommandTopic, payload: String, message: String) {
        var (bridge, _) = Self.connected()
        let actions = bridge.handle(Self.press(command, payload))
        #expect(!actions.contains { if case .send = $0 { true } else { false } }, "\(actions)")
        let states = Self.published(actions)
        #expect(states["winddown/bedroom/last_error"]?.contains(message) == true, "\(actions)")
        let shown: [BridgeCommandTopic: (String, String)] = [
            .volume: ("winddown/bedroom/volume", "20"), .schedule: ("winddown/bedroom/schedule", "ON"),
            .routine: ("winddown/bedroom/routine", "foot-massage"),
        ]
        if let (topic, value) = shown[command] { #expect(states[topic] == value, "\(actions)") }
        #expect(actions.contains { if case .log(.warning, _) = $0 { true } else { false } })
    }

    @Test("a 1 MiB payload and bytes that are not UTF-8 are refused unread")
    func hugeAndBinary() {
        var (bridge, _) = Self.connected()
        let huge = bridge.handle(.message(topic: Self.topics.command(.volume), payload: [UInt8](repeating: 0x31, count: 1 << 20), retained: false))
        let message = Self.published(huge)["winddown/bedroom/last_error"] ?? ""
        #expect(message.contains("1048576 bytes") && message.count < 200, "\(message)")
        let binary = bridge.handle(.message(topic: Self.topics.command(.routine), payload: [0xff, 0xfe], retained: false))
        #expect(Self.published(binary)["winddown/bedroom/last_error"]?.contains("not UTF-8") == true)
    }

    @Test("a retained command is never carried out: it would run again on every reconnect")
    func retainedCommand() {
        var (bridge, _) = Self.connected()
        let actions = bridge.handle(Self.press(.start, retained: true))
        #expect(actions.count == 1)
        guard case .log(.warning, let message) = actions.first else {
            Issue.record("\(actions)")
            return
        }
        #expect(message.contains("retained"))
    }

    @Test("nothing is published while nothing changes; a change publishes only its topics")
    func onlyChanges() {
        var (bridge, _) = Self.connected()
        #expect(bridge.handle(.status(Self.idle())).isEmpty)
        let started = Self.published(bridge.handle(.status(Self.running(step: 1, title: "Welcome", remaining: 1500))))
        #expect(started == [
            "winddown/bedroom/state": "running", "winddown/bedroom/step": "Welcome", "winddown/bedroom/time_left": "25",
            "winddown/bedroom/next_run": "None",
        ])
        // Ten seconds on: the same minute, nothing to say.
        #expect(bridge.handle(.status(Self.running(step: 1, title: "Welcome", remaining: 1490))).isEmpty)
        #expect(Self.published(bridge.handle(.status(Self.running(step: 2, title: "Warm water", remaining: 1440)))) == [
            "winddown/bedroom/step": "Warm water", "winddown/bedroom/time_left": "24",
        ])
        // A hostile daemon's number cannot trap the bridge.
        #expect(Self.published(bridge.handle(.status(Self.running(step: 2, title: "Warm water", remaining: .max))))["winddown/bedroom/time_left"]
            == String(Int.max / 60 + 1))
    }

    @Test("Home Assistant coming online gets the discovery and every state again")
    func birth() {
        var (bridge, _) = Self.connected()
        let actions = bridge.handle(.message(topic: "homeassistant/status", payload: Array("online".utf8), retained: false))
        let states = Self.published(actions)
        #expect(states["homeassistant/device/bedroom/config"] != nil)
        #expect(states["winddown/bedroom/state"] == "idle" && states["winddown/bedroom/availability"] == "online")
        #expect(bridge.handle(.message(topic: "homeassistant/status", payload: Array("offline".utf8), retained: false)).isEmpty)
    }

    @Test("the daemon going away makes the entities unavailable; commands meanwhile are refused, not queued")
    func daemonAway() {
        var (bridge, _) = Self.connected()
        #expect(Self.published(bridge.handle(.daemonLost)) == ["winddown/bedroom/availability": "offline"])
        let refused = bridge.handle(Self.press(.start))
        #expect(Self.published(refused)["winddown/bedroom/last_error"]?.contains("cannot be reached") == true)
        #expect(Self.published(bridge.handle(.daemonConnected(Self.idle())))["winddown/bedroom/availability"] == "online")
    }

    @Test("the broker away: nothing is published; back: everything is again")
    func brokerAway() {
        var (bridge, _) = Self.connected()
        #expect(bridge.handle(.brokerLost).isEmpty)
        #expect(bridge.handle(.status(Self.running(step: 1, title: "Welcome", remaining: 60))).isEmpty)
        let again = Self.published(bridge.handle(.brokerConnected))
        #expect(again["winddown/bedroom/state"] == "running" && again["winddown/bedroom/time_left"] == "1")
    }

    @Test("the daemon's refusal is shown in last_error and the entity's state published again")
    func daemonRefusal() {
        var (bridge, _) = Self.connected()
        let actions = bridge.handle(.answer(.volume(.set(30)), .failure("no session is running")))
        let states = Self.published(actions)
        #expect(states["winddown/bedroom/last_error"] == "volume 30: no session is running")
        #expect(states["winddown/bedroom/volume"] == "20")
        #expect(bridge.handle(.answer(.stop, .ok)).isEmpty)
    }

    @Test("the retained routine choice is read back once after a restart, and only a known routine")
    func routineRecovered() {
        var bridge = HomeAssistantBridge(settings: Self.settings)
        _ = bridge.handle(.brokerConnected)
        let topic = Self.topics.state(.routine)
        _ = bridge.handle(.message(topic: topic, payload: Array("quick".utf8), retained: true))
        #expect(bridge.chosenRoutine == "quick")
        _ = bridge.handle(.message(topic: topic, payload: Array("foot-massage".utf8), retained: true))
        #expect(bridge.chosenRoutine == "quick", "a second retained message changed the choice")
        var other = HomeAssistantBridge(settings: Self.settings)
        _ = other.handle(.message(topic: topic, payload: Array("gone".utf8), retained: true))
        #expect(other.chosenRoutine == "foot-massage")
    }

    @Test("a configured routine outside the folders is still an option")
    func configuredRoutineIsAnOption() {
        let settings = HomeAssistantBridge.Settings(topics: Self.topics, maximumVolume: 50, routines: ["quick"], defaultRoutine: "/home/me/mine.toml")
        #expect(settings.routines == ["/home/me/mine.toml", "quick"])
        var bridge = HomeAssistantBridge(settings: settings)
        _ = bridge.handle(.daemonConnected(Self.idle()))
        #expect(bridge.handle(Self.press(.start)) == [.send(.start(routine: .file(path: "/home/me/mine.toml"), duration: nil))])
    }

    @Test("reconnect waits double from 1 s up to the cap, and start over after a success")
    func backoff() {
        var backoff = ReconnectBackoff(first: .seconds(1), maximum: .seconds(30))
        let delays = (0..<8).map { _ in backoff.nextDelay() }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30, 30].map { .seconds($0) })
        backoff.succeeded()
        #expect(backoff.nextDelay() == .seconds(1))
        #expect(backoff.isFirstFailure)
    }
}
