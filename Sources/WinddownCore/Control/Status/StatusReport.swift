/// The answer to `status` (interface.md): always `state`, `next_run` and
/// `volume`; while a session runs also `routine`, `step`, `elapsed_s` and
/// `remaining_s`, and `dimming_level` once it dims the lights.
public struct StatusReport: Equatable, Sendable {
    public enum State: String, CaseIterable, Sendable {
        case idle, running, holding, paused, stopping
    }

    /// The guided step being played.
    public struct Step: Equatable, Sendable {
        /// From 1.
        public var index: Int
        public var count: Int
        public var title: String

        public init(index: Int, count: Int, title: String) {
            self.index = index
            self.count = count
            self.title = title
        }
    }

    public var state: State
    /// The routine's name (or path) while a session runs.
    public var routine: String?
    /// Nil when idle, and in the sleep-sound tail after the last step.
    public var step: Step?
    /// Whole seconds of the session played so far (pauses not counted).
    public var elapsedSeconds: Int?
    /// Whole seconds until the session ends, fade-out included.
    public var remainingSeconds: Int?
    /// The next scheduled start, or nil when none is scheduled.
    public var nextRun: ControlTimestamp?
    /// What that start will play.
    public var nextNight: NextNight?
    /// Where the dimmed lights are, in percent, while a session dims them.
    public var dimmingLevel: Int?
    /// The sleep-sound level, 0 to 100.
    public var volume: Int
    /// Whether the nightly schedule is on; nil from a daemon without one.
    public var scheduleEnabled: Bool?
    /// The Snapcast rooms hearing the session; nil when it plays to none.
    public var rooms: [Room]?

    /// A Snapcast room playing the session, at its volume there.
    public struct Room: Equatable, Sendable {
        public var name: String
        public var volume: Int

        public init(name: String, volume: Int) {
            self.name = name
            self.volume = volume
        }
    }

    public init(
        state: State, routine: String? = nil, step: Step? = nil, elapsedSeconds: Int? = nil,
        remainingSeconds: Int? = nil, nextRun: ControlTimestamp? = nil, dimmingLevel: Int? = nil, volume: Int
    ) {
        self.state = state
        self.routine = routine
        self.step = step
        self.elapsedSeconds = elapsedSeconds
        self.remainingSeconds = remainingSeconds
        self.nextRun = nextRun
        self.dimmingLevel = dimmingLevel
        self.volume = volume
    }

    /// How far through the session, 0 to 1; nil without both times.
    public var progress: Double? {
        guard let elapsed = elapsedSeconds, let remaining = remainingSeconds else { return nil }
        let total = max(elapsed, 0) + max(remaining, 0)
        return total == 0 ? 1 : Double(max(elapsed, 0)) / Double(total)
    }
}

extension StatusReport {
    /// The response fields, in the order interface.md names them; the
    /// session fields only when set.
    public func toJSON() -> JSONObject {
        var object: JSONObject = ["state": .string(state.rawValue)]
        if let routine { object["routine"] = .string(routine) }
        if let step {
            object["step"] = ["index": .int(step.index), "count": .int(step.count), "title": .string(step.title)]
        }
        if let elapsedSeconds { object["elapsed_s"] = .int(elapsedSeconds) }
        if let remainingSeconds { object["remaining_s"] = .int(remainingSeconds) }
        object["next_run"] = nextRun.map { .string($0.description) } ?? .null
        if let nextNight { object["next_night"] = nextNight.toJSON() }
        object["volume"] = .int(volume)
        if let scheduleEnabled { object["schedule"] = .bool(scheduleEnabled) }
        if let dimmingLevel { object["dimming_level"] = .int(dimmingLevel) }
        if let rooms { object["rooms"] = .array(rooms.map { ["name": .string($0.name), "volume": .int($0.volume)] }) }
        return object
    }

    /// Reads the fields of a `status` response (client side). Unknown fields
    /// are ignored, so a newer daemon can add some.
    public init(json object: JSONObject) throws(ControlProtocolError) {
        func failure(_ message: String) -> ControlProtocolError {
            ControlProtocolError(.invalidResponse, "status: \(message)")
        }
        guard let stateText = object["state"]?.stringValue, let state = State(rawValue: stateText) else {
            throw failure("\"state\" is missing or not one of idle, running, paused, stopping")
        }
        guard let volume = object["volume"]?.intValue else { throw failure("\"volume\" is missing or not a number") }
        self.init(state: state, volume: volume)
        routine = try Self.optional(object["routine"], "routine", failure) { $0.stringValue }
        elapsedSeconds = try Self.optional(object["elapsed_s"], "elapsed_s", failure) { $0.doubleValue.flatMap { Int(exactly: $0.rounded(.down)) } }
        remainingSeconds = try Self.optional(object["remaining_s"], "remaining_s", failure) { $0.doubleValue.flatMap { Int(exactly: $0.rounded(.up)) } }
        dimmingLevel = try Self.optional(object["dimming_level"], "dimming_level", failure) { $0.intValue }
        nextRun = try Self.optional(object["next_run"], "next_run", failure) { $0.stringValue.flatMap(ControlTimestamp.init(parsing:)) }
        nextNight = NextNight(json: object["next_night"])
        scheduleEnabled = try Self.optional(object["schedule"], "schedule", failure) { $0.boolValue }
        rooms = try Self.optional(object["rooms"], "rooms", failure) { value in
            value.arrayValue.map { items in
                items.compactMap { item in
                    item["name"]?.stringValue.map { Room(name: $0, volume: item["volume"]?.intValue ?? 0) }
                }
            }
        }
        step = try Self.optional(object["step"], "step", failure) { value in
            guard let index = value["index"]?.intValue, let count = value["count"]?.intValue else { return nil }
            return Step(index: index, count: count, title: value["title"]?.stringValue ?? "")
        }
    }

    /// Nil for a missing or null field, the converted value, or an error
    /// naming the field when it has the wrong shape.
    private static func optional<T>(
        _ value: JSONValue?, _ key: String, _ failure: (String) -> ControlProtocolError, _ convert: (JSONValue) -> T?
    ) throws(ControlProtocolError) -> T? {
        guard let value, !value.isNull else { return nil }
        guard let converted = convert(value) else { throw failure("\"\(key)\" has the wrong form") }
        return converted
    }
}

extension ControlResponse {
    /// The name `watch` puts in `"event"`: the status changed.
    public static let statusEventName = "status"

    /// A line pushed to a `watch`ing connection: `{"ok":true,"event":"status",…}`
    /// and the fields of `status`.
    public static func statusEvent(_ report: StatusReport) -> ControlResponse {
        var fields: JSONObject = ["event": .string(statusEventName)]
        for member in report.toJSON().members { fields[member.key] = member.value }
        return .success(fields)
    }

    /// `"event"` of a pushed line; nil for the answer to a request.
    public var eventName: String? {
        guard case .success(let fields) = self else { return nil }
        return fields["event"]?.stringValue
    }
}
