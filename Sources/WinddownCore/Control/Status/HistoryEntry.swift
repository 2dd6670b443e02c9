/// One finished session, as `history` reports it.
public struct HistoryEntry: Equatable, Sendable {
    public enum Outcome: String, CaseIterable, Sendable {
        /// Ran to its end.
        case completed
        /// Ended early by `stop`, a signal or a shutdown.
        case stopped
        /// Could not go on (no audio device, a broken routine, …).
        case failed
    }

    public var started: ControlTimestamp
    /// Nil when the end was never recorded (the daemon died).
    public var ended: ControlTimestamp?
    public var routine: String
    public var outcome: Outcome
    /// Why it stopped or failed, when known.
    public var reason: String?
    /// Seconds of the session that played (pauses not counted); nil when
    /// it never played or the record predates the field.
    public var durationSeconds: Int?
    /// What started it, when known.
    public var trigger: Trigger?
    /// It opened with the health caution and played past it (`caution`:
    /// true); `session.caution = "first"` speaks it until one has.
    public var cautionHeard: Bool

    /// Who asked for a session.
    public enum Trigger: String, CaseIterable, Sendable {
        /// The nightly schedule.
        case schedule
        /// `start` on the control socket.
        case request
    }

    public init(
        started: ControlTimestamp, ended: ControlTimestamp?, routine: String, outcome: Outcome, reason: String? = nil,
        durationSeconds: Int? = nil, trigger: Trigger? = nil, cautionHeard: Bool = false
    ) {
        self.started = started
        self.ended = ended
        self.routine = routine
        self.outcome = outcome
        self.reason = reason
        self.durationSeconds = durationSeconds
        self.trigger = trigger
        self.cautionHeard = cautionHeard
    }

    /// `started`, `ended`, `routine`, `outcome`, then `reason`,
    /// `duration_s`, `trigger` and `caution` when set.
    public func toJSON() -> JSONObject {
        var object: JSONObject = [
            "started": .string(started.description),
            "ended": ended.map { .string($0.description) } ?? .null,
            "routine": .string(routine),
            "outcome": .string(outcome.rawValue),
        ]
        if let reason { object["reason"] = .string(reason) }
        if let durationSeconds { object["duration_s"] = .int(durationSeconds) }
        if let trigger { object["trigger"] = .string(trigger.rawValue) }
        if cautionHeard { object["caution"] = .bool(true) }
        return object
    }

    public init(json value: JSONValue) throws(ControlProtocolError) {
        guard let startedText = value["started"]?.stringValue, let started = ControlTimestamp(parsing: startedText),
            let routine = value["routine"]?.stringValue,
            let outcomeText = value["outcome"]?.stringValue, let outcome = Outcome(rawValue: outcomeText)
        else {
            throw ControlProtocolError(
                .invalidResponse, "history: a session lacks a valid started, routine or outcome")
        }
        var ended: ControlTimestamp?
        if let endedValue = value["ended"], !endedValue.isNull {
            guard let text = endedValue.stringValue, let parsed = ControlTimestamp(parsing: text) else {
                throw ControlProtocolError(.invalidResponse, "history: \"ended\" is not an ISO 8601 time")
            }
            ended = parsed
        }
        self.init(
            started: started, ended: ended, routine: routine, outcome: outcome, reason: value["reason"]?.stringValue,
            durationSeconds: value["duration_s"]?.intValue, trigger: value["trigger"]?.stringValue.flatMap(Trigger.init(rawValue:)),
            cautionHeard: value["caution"]?.boolValue ?? false)
    }
}

extension ControlResponse {
    /// The answer to `status`.
    public static func status(_ report: StatusReport) -> ControlResponse { .success(report.toJSON()) }

    /// The answer to `history`: `sessions`, newest first.
    public static func history(_ sessions: [HistoryEntry]) -> ControlResponse {
        .success(["sessions": .array(sessions.map { .object($0.toJSON()) })])
    }

    /// The answer to `next` (and `snooze`, `schedule`): `next_run`.
    public static func nextRun(_ nextRun: ControlTimestamp?) -> ControlResponse {
        .success(["next_run": nextRun.map { .string($0.description) } ?? .null])
    }

    /// The sessions of a `history` response (client side).
    public func historyEntries() throws(ControlProtocolError) -> [HistoryEntry] {
        guard let sessions = fields["sessions"]?.arrayValue else {
            throw ControlProtocolError(.invalidResponse, "history: the response has no \"sessions\" list")
        }
        var entries: [HistoryEntry] = []
        for session in sessions { entries.append(try HistoryEntry(json: session)) }
        return entries
    }
}
