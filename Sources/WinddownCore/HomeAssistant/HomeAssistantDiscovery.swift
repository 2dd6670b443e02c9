/// The one retained message that makes winddown a device in Home
/// Assistant (MQTT device discovery): the device, the program that
/// announced it, and every entity, in the shape Home Assistant's MQTT
/// documentation gives (`dev`, `o`, `cmps`, each component with `p`).
public struct HomeAssistantDiscovery: Sendable {
    public let topics: BridgeTopics
    /// `audio.max_volume`: the top of the volume slider.
    public let maximumVolume: Int
    /// The select's options.
    public let routines: [String]
    public let softwareVersion: String

    /// What the volume, state and other entities are called in the UI, and their icons.
    static let buttons: [(command: BridgeCommandTopic, name: String, icon: String)] = [
        (.start, "Start wind-down", "mdi:weather-night"),
        (.stop, "Stop", "mdi:stop"),
        (.pause, "Pause", "mdi:pause"),
        (.resume, "Resume", "mdi:play"),
        (.hold, "Hold this step", "mdi:timer-pause"),
        (.skip, "Skip step", "mdi:skip-next"),
        (.extend, "Extend 10 minutes", "mdi:timer-plus"),
        (.snooze, "Skip tonight", "mdi:alarm-snooze"),
    ]

    public init(topics: BridgeTopics, maximumVolume: Int, routines: [String], softwareVersion: String) {
        self.topics = topics
        self.maximumVolume = maximumVolume
        self.routines = routines
        self.softwareVersion = softwareVersion
    }

    /// `winddown_<node_id>_<object>`: the same on every start, so Home
    /// Assistant keeps the entities (and the user's names for them).
    public func uniqueID(_ object: String) -> String { "winddown_\(topics.nodeID)_\(object)" }

    public var payload: JSONObject {
        var components = JSONObject()
        for button in Self.buttons {
            components[button.command.rawValue] = .object([
                "p": "button", "name": .string(button.name), "unique_id": .string(uniqueID(button.command.rawValue)),
                "command_topic": .string(topics.command(button.command)), "payload_press": "PRESS", "icon": .string(button.icon),
            ])
        }
        components["schedule"] = .object([
            "p": "switch", "name": "Nightly schedule", "unique_id": .string(uniqueID("schedule")),
            "command_topic": .string(topics.command(.schedule)), "state_topic": .string(topics.state(.schedule)),
            "payload_on": "ON", "payload_off": "OFF", "icon": "mdi:calendar-clock",
        ])
        components["volume"] = .object([
            "p": "number", "name": "Sleep-sound volume", "unique_id": .string(uniqueID("volume")),
            "command_topic": .string(topics.command(.volume)), "state_topic": .string(topics.state(.volume)),
            "min": 0, "max": .int(maximumVolume), "step": 1, "mode": "slider", "unit_of_measurement": "%",
            "icon": "mdi:volume-medium",
        ])
        components["routine"] = .object([
            "p": "select", "name": "Routine", "unique_id": .string(uniqueID("routine")),
            "command_topic": .string(topics.command(.routine)), "state_topic": .string(topics.state(.routine)),
            "options": .array(routines.map(JSONValue.string)), "icon": "mdi:foot-print",
        ])
        components["state"] = .object([
            "p": "sensor", "name": "State", "unique_id": .string(uniqueID("state")),
            "state_topic": .string(topics.state(.state)), "device_class": "enum",
            "options": .array(StatusReport.State.allCases.map { .string($0.rawValue) }), "icon": "mdi:bed",
        ])
        components["step"] = .object([
            "p": "sensor", "name": "Step", "unique_id": .string(uniqueID("step")),
            "state_topic": .string(topics.state(.step)), "icon": "mdi:format-list-numbered",
        ])
        components["time_left"] = .object([
            "p": "sensor", "name": "Time left", "unique_id": .string(uniqueID("time_left")),
            "state_topic": .string(topics.state(.timeLeft)), "device_class": "duration", "unit_of_measurement": "min",
        ])
        components["next_run"] = .object([
            "p": "sensor", "name": "Next wind-down", "unique_id": .string(uniqueID("next_run")),
            "state_topic": .string(topics.state(.nextRun)), "device_class": "timestamp",
        ])
        components["last_error"] = .object([
            "p": "sensor", "name": "Last refused command", "unique_id": .string(uniqueID("last_error")),
            "state_topic": .string(topics.state(.lastError)), "entity_category": "diagnostic", "icon": "mdi:alert-circle-outline",
        ])
        // Entity ids that say what they are (button.winddown_bedroom_start), the
        // same on every Home Assistant, so the README's cards and automations fit.
        for member in components.members {
            guard case .object(var entity) = member.value, let platform = entity["p"]?.stringValue else { continue }
            entity["default_entity_id"] = .string("\(platform).\(uniqueID(member.key))")
            components[member.key] = .object(entity)
        }
        return [
            "dev": [
                "ids": .array([.string("winddown_\(topics.nodeID)")]), "name": .string("Wind-down \(topics.nodeID)"),
                "mf": "winddown", "mdl": "winddown bedtime ambience daemon", "sw": .string(softwareVersion),
            ],
            "o": ["name": "winddown-mqtt", "sw": .string(softwareVersion)],
            "cmps": .object(components),
            // Shared by every component: one topic says whether the daemon can be reached.
            "availability_topic": .string(topics.availability),
            "payload_available": "online", "payload_not_available": "offline",
            "qos": 1,
        ]
    }
}
