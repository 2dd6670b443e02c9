/// Every MQTT topic `winddown-mqtt` uses. All are under `winddown/<node_id>/`
/// (interface.md) except the two Home Assistant owns: the discovery config
/// and its birth message.
public struct BridgeTopics: Equatable, Sendable {
    public let nodeID: MQTTNodeID
    public let discoveryPrefix: MQTTTopicPrefix

    public init(nodeID: MQTTNodeID, discoveryPrefix: MQTTTopicPrefix) {
        self.nodeID = nodeID
        self.discoveryPrefix = discoveryPrefix
    }

    /// `winddown/<node_id>`.
    public var base: String { "winddown/\(nodeID)" }

    /// One retained discovery message for the whole device (Home Assistant's device discovery).
    public var discovery: String { "\(discoveryPrefix)/device/\(nodeID)/config" }
    /// Home Assistant says `online` here when it (re)starts: time to announce again.
    public var homeAssistantStatus: String { "\(discoveryPrefix)/status" }

    /// `online` or `offline` (the last will): whether the daemon can be steered.
    public var availability: String { "\(base)/availability" }

    public func state(_ topic: BridgeStateTopic) -> String { "\(base)/\(topic.rawValue)" }

    public func command(_ command: BridgeCommandTopic) -> String {
        "\(base)/\(command.rawValue)/\(command.isButton ? "press" : "set")"
    }

    /// What the bridge subscribes to: every command, Home Assistant's birth
    /// message, and its own retained routine choice (read back after a restart).
    public var subscriptions: [String] {
        BridgeCommandTopic.allCases.map(command) + [homeAssistantStatus, state(.routine)]
    }
}

/// The retained state topics, one per entity that shows something.
public enum BridgeStateTopic: String, CaseIterable, Sendable {
    case state, step
    case timeLeft = "time_left"
    case nextRun = "next_run"
    case volume, schedule, routine
    case lastError = "last_error"
}

/// The topics Home Assistant sends commands on: a button's press, or a new
/// value for the switch, the number and the select.
public enum BridgeCommandTopic: String, CaseIterable, Sendable {
    case start, stop, pause, resume, hold, skip, extend, snooze
    case schedule, volume, routine

    public var isButton: Bool {
        switch self {
        case .schedule, .volume, .routine: false
        default: true
        }
    }
}
