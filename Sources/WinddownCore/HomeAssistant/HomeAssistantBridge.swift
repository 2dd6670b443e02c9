/// Every decision of `winddown-mqtt`, with no sockets: the broker's and the
/// daemon's comings and goings, the daemon's status and the messages Home
/// Assistant sends go in; what to publish, subscribe to, ask the daemon and
/// log comes out. The executable only carries the actions out.
///
/// A state topic is published only when its payload changes (all of them
/// again after the broker or Home Assistant restarts), so a night with
/// nothing happening sends nothing. A command that cannot be carried out
/// is logged, shown in `last_error`, and its entity's state published
/// again, so Home Assistant shows what is true rather than what was asked.
public struct HomeAssistantBridge: Sendable {
    public struct Settings: Sendable {
        public var topics: BridgeTopics
        public var maximumVolume: Int
        /// The select's options, in order.
        public var routines: [String]
        /// What the select shows before anyone chose: the configured routine.
        public var defaultRoutine: String?
        public var softwareVersion: String

        public init(
            topics: BridgeTopics, maximumVolume: Int, routines: [String], defaultRoutine: String?,
            softwareVersion: String = WinddownVersion.current
        ) {
            self.topics = topics
            self.maximumVolume = maximumVolume
            self.defaultRoutine = defaultRoutine
            self.softwareVersion = softwareVersion
            // The configured routine is always an option, even when it is a file outside the folders.
            var options = routines
            if let defaultRoutine, !options.contains(defaultRoutine) { options.insert(defaultRoutine, at: 0) }
            self.routines = options
        }
    }

    public enum Event: Equatable, Sendable {
        case brokerConnected
        case brokerLost
        /// Connected to the control socket and watching; the status it answered.
        case daemonConnected(StatusReport)
        case daemonLost
        /// A status the daemon pushed.
        case status(StatusReport)
        /// A message on a subscribed topic.
        case message(topic: String, payload: [UInt8], retained: Bool)
        /// The daemon's answer to a request the bridge sent.
        case answer(ControlRequest, ControlResponse)
    }

    public enum LogLevel: Sendable { case info, warning }

    public enum Action: Equatable, Sendable {
        case publish(topic: String, payload: String, retain: Bool)
        case subscribe([String])
        case send(ControlRequest)
        case log(LogLevel, String)
    }

    /// A command payload longer than this is refused unread: nothing Home Assistant sends comes close.
    public static let maximumPayload = 256

    public let settings: Settings
    public private(set) var brokerUp = false
    public private(set) var daemonUp = false
    public private(set) var status: StatusReport?
    /// The routine the start button plays.
    public private(set) var chosenRoutine: String?
    private var published: [String: String] = [:]
    private var lastError = "None"
    private var routineRecovered = false

    public init(settings: Settings) {
        self.settings = settings
        chosenRoutine = settings.defaultRoutine
    }

    private var topics: BridgeTopics { settings.topics }

    public var discovery: HomeAssistantDiscovery {
        HomeAssistantDiscovery(
            topics: topics, maximumVolume: settings.maximumVolume, routines: settings.routines,
            softwareVersion: settings.softwareVersion)
    }

    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .brokerConnected:
            brokerUp = true
            published = [:]
            return [.subscribe(topics.subscriptions)] + announce()
        case .brokerLost:
            brokerUp = false
            return []
        case .daemonConnected(let report):
            daemonUp = true
            status = report
            return publishChanges()
        case .daemonLost:
            daemonUp = false
            return publishChanges()
        case .status(let report):
            status = report
            return publishChanges()
        case .message(let topic, let payload, let retained):
            return received(topic: topic, payload: payload, retained: retained)
        case .answer(let request, let response):
            guard case .failure(let message) = response else { return [] }
            return refused("\(request.line): \(message)", showing: Self.stateTopic(of: request))
        }
    }

    // MARK: Announcing

    /// The discovery config, then every state (forced: the broker or Home Assistant may have forgotten them).
    private mutating func announce() -> [Action] {
        published = [:]
        let config = Action.publish(topic: topics.discovery, payload: discovery.payload.encoded(), retain: true)
        return [config] + publishChanges()
    }

    /// What the topics should say now.
    public func payloads() -> [(topic: String, payload: String)] {
        var values: [(String, String)] = [(topics.availability, daemonUp ? "online" : "offline")]
        func add(_ topic: BridgeStateTopic, _ payload: String) { values.append((topics.state(topic), payload)) }
        if let status {
            add(.state, status.state.rawValue)
            add(.step, Self.stepText(status))
            add(.timeLeft, String(Self.minutesLeft(status)))
            add(.nextRun, status.nextRun?.description ?? "None")
            add(.volume, String(status.volume))
            if let enabled = status.scheduleEnabled { add(.schedule, enabled ? "ON" : "OFF") }
        }
        if let chosenRoutine { add(.routine, chosenRoutine) }
        add(.lastError, lastError)
        return values
    }

    private mutating func publishChanges(forcing forced: Set<String> = []) -> [Action] {
        guard brokerUp else { return [] }
        var actions: [Action] = []
        for (topic, payload) in payloads() where published[topic] != payload || forced.contains(topic) {
            published[topic] = payload
            actions.append(.publish(topic: topic, payload: payload, retain: true))
        }
        return actions
    }

    /// The step's title; between steps and when idle, what is going on instead.
    static func stepText(_ status: StatusReport) -> String {
        if let step = status.step { return step.title }
        switch status.state {
        case .idle: return "Not running"
        case .stopping: return "Stopping"
        case .running, .holding, .paused: return "Fading out"
        }
    }

    /// Whole minutes, rounded up: "1" until the very end.
    static func minutesLeft(_ status: StatusReport) -> Int {
        guard let seconds = status.remainingSeconds, seconds > 0 else { return 0 }
        return seconds / 60 + (seconds % 60 == 0 ? 0 : 1)
    }

    // MARK: Commands

    private mutating func received(topic: String, payload: [UInt8], retained: Bool) -> [Action] {
        if topic == topics.homeAssistantStatus {
            // Home Assistant came back: it forgets what it was told unless told again.
            return payload == Array("online".utf8) ? announce() : []
        }
        if topic == topics.state(.routine) {
            // Our own retained choice, read back once after a restart.
            guard retained, !routineRecovered else { return [] }
            routineRecovered = true
            guard let name = String(validating: payload, as: UTF8.self), settings.routines.contains(name), name != chosenRoutine else {
                return []
            }
            chosenRoutine = name
            return [.log(.info, "routine for the start button: \(name) (kept from before the restart)")] + publishChanges()
        }
        guard let command = BridgeCommandTopic.allCases.first(where: { topics.command($0) == topic }) else { return [] }
        if retained {
            // A retained command would be carried out again on every reconnect.
            return [.log(.warning, "\(topic): ignoring a retained message; commands count only when they are sent")]
        }
        switch Self.request(for: command, payload: payload, settings: settings, chosenRoutine: chosenRoutine) {
        case .failure(let problem):
            return refused("\(topic): \(problem.description)", showing: Self.stateTopic(of: command))
        case .success(.choose(let routine)):
            chosenRoutine = routine
            return publishChanges()
        case .success(.send(let request)):
            guard daemonUp else {
                return refused("\(request.line): winddownd cannot be reached; nothing was done", showing: nil)
            }
            return [.send(request)]
        }
    }

    private mutating func refused(_ message: String, showing topic: BridgeStateTopic?) -> [Action] {
        lastError = message
        let forced = topic.map { [topics.state($0)] } ?? []
        return [.log(.warning, message)] + publishChanges(forcing: Set(forced))
    }

    enum Outcome: Equatable {
        case send(ControlRequest)
        case choose(String)
    }

    /// What a command payload asks for; the error names what is wrong with it.
    static func request(
        for command: BridgeCommandTopic, payload: [UInt8], settings: Settings, chosenRoutine: String?
    ) -> Result<Outcome, InvalidValue> {
        guard payload.count <= maximumPayload else {
            return .failure(InvalidValue("a payload of \(payload.count) bytes is not a command (at most \(maximumPayload))"))
        }
        guard let text = String(validating: payload, as: UTF8.self) else { return .failure(InvalidValue("the payload is not UTF-8 text")) }
        let shown = text.count > 40 ? text.prefix(37) + "..." : Substring(text)
        if command.isButton {
            guard text == "PRESS" else { return .failure(InvalidValue("expected PRESS, found \"\(shown)\"")) }
        }
        switch command {
        case .start:
            return .success(.send(.start(routine: chosenRoutine.map(RoutineReference.init(selected:)), duration: nil)))
        case .stop: return .success(.send(.stop))
        case .pause: return .success(.send(.pause))
        case .resume: return .success(.send(.resume))
        case .hold: return .success(.send(.hold))
        case .skip: return .success(.send(.skip))
        case .extend: return .success(.send(.extend(.seconds(600))))
        case .snooze: return .success(.send(.snooze))
        case .schedule:
            switch text {
            case "ON": return .success(.send(.schedule(enabled: true)))
            case "OFF": return .success(.send(.schedule(enabled: false)))
            default: return .failure(InvalidValue("expected ON or OFF, found \"\(shown)\""))
            }
        case .volume:
            // Home Assistant sends "35" or "35.0".
            guard let number = Double(text.trimmingASCIISpaces), number.isFinite,
                (0...Double(settings.maximumVolume)).contains(number)
            else {
                return .failure(InvalidValue("expected a number from 0 to \(settings.maximumVolume) (audio.max_volume), found \"\(shown)\""))
            }
            return .success(.send(.volume(.set(Int(number.rounded())))))
        case .routine:
            guard settings.routines.contains(text) else {
                return .failure(InvalidValue("no routine named \"\(shown)\"; the routines are \(settings.routines.joined(separator: ", "))"))
            }
            return .success(.choose(text))
        }
    }

    /// The entity whose state to show again after `command` was refused.
    static func stateTopic(of command: BridgeCommandTopic) -> BridgeStateTopic? {
        switch command {
        case .schedule: .schedule
        case .volume: .volume
        case .routine: .routine
        default: nil
        }
    }

    static func stateTopic(of request: ControlRequest) -> BridgeStateTopic? {
        switch request {
        case .volume: .volume
        case .schedule: .schedule
        default: nil
        }
    }
}

extension RoutineReference {
    /// A name from the select, or the configured routine's own text (which may be a path).
    init(selected: String) {
        self = selected.contains("/") ? .file(path: selected) : .named(selected)
    }
}

extension String {
    fileprivate var trimmingASCIISpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
