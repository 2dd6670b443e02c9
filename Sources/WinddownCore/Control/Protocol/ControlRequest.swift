/// One request of the control protocol (interface.md, "Control socket").
///
/// `ControlRequest(parsing:)` reads a request line as the daemon receives
/// it; `line` writes the canonical line that reads back as the same request,
/// which is what `winddownctl` sends.
public enum ControlRequest: Equatable, Sendable {
    /// `{"ok":true}`: the daemon is alive and serving.
    case ping
    /// The `StatusReport` fields.
    case status
    /// Start a session now; nil means the configured value.
    case start(routine: RoutineReference?, duration: Duration?)
    case stop
    case pause
    case resume
    case skip
    /// Keep the current step going until `resume` or `skip`.
    case hold
    /// Lengthen the fading tail by this much.
    case extend(Duration)
    case volume(VolumeChange)
    /// `next_run`.
    case next
    /// The plan of the running session, or of the next one (`PlanReport`):
    /// with a routine or length, of a session started so.
    case plan(routine: RoutineReference?, duration: Duration?)
    case snooze
    case schedule(enabled: Bool)
    /// The last `limit` sessions (1 to `maximumHistoryLimit`), newest first.
    case history(limit: Int)
    case reload
    /// The status now, then the status again on this connection each time
    /// it changes (`ControlResponse.event`), until the client hangs up.
    case watch

    /// The longest request line, in bytes, not counting its line ending.
    public static let maximumLineLength = 4096
    /// `history` without a count.
    public static let defaultHistoryLimit = 10
    /// `history N` with a larger N is capped to this.
    public static let maximumHistoryLimit = 1000

    /// Every command word, in the order interface.md lists them.
    public static var commandNames: [String] { ControlCommand.table.map(\.name) }

    /// The command word.
    public var name: String {
        switch self {
        case .ping: "ping"
        case .status: "status"
        case .start: "start"
        case .stop: "stop"
        case .pause: "pause"
        case .resume: "resume"
        case .skip: "skip"
        case .hold: "hold"
        case .extend: "extend"
        case .volume: "volume"
        case .next: "next"
        case .plan: "plan"
        case .snooze: "snooze"
        case .schedule: "schedule"
        case .history: "history"
        case .reload: "reload"
        case .watch: "watch"
        }
    }

    /// The request as one line of the protocol, without the newline.
    public var line: String {
        var words = [name]
        switch self {
        case .start(let routine, let duration), .plan(let routine, let duration):
            if let routine { words.append("routine=\(routine)") }
            if let duration { words.append("duration=\(duration.compactString)") }
        case .volume(let change): words.append(change.argument)
        case .extend(let duration): words.append(duration.compactString)
        case .schedule(let enabled): words.append(enabled ? "on" : "off")
        case .history(let limit): words.append(String(limit))
        case .ping, .status, .stop, .pause, .resume, .skip, .hold, .next, .snooze, .reload, .watch: break
        }
        return words.joined(separator: " ")
    }
}
