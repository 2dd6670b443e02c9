/// One row of the command table: a command word, the arguments it takes and
/// how they become a `ControlRequest` (MPD's style: one table of name,
/// argument shape and handler, with the shape checked before the handler runs).
struct ControlCommand: Sendable {
    /// The shape of a command's arguments, checked by `ControlArguments.read`.
    enum Shape: Sendable {
        case none
        /// One word; `placeholder` appears in messages (`N|+N|-N`).
        case positional(placeholder: String, required: Bool)
        /// `key=value` pairs, each key at most once, all optional.
        case options([(key: String, placeholder: String)])
    }

    typealias Make = @Sendable (ControlArguments) throws(ControlProtocolError) -> ControlRequest

    let name: String
    let shape: Shape
    let make: Make

    init(_ name: String, _ shape: Shape = .none, make: @escaping Make) {
        self.name = name
        self.shape = shape
        self.make = make
    }

    /// `start [routine=NAME] [duration=D]`, for messages.
    var usage: String {
        switch shape {
        case .none: name
        case .positional(let placeholder, let required): required ? "\(name) \(placeholder)" : "\(name) [\(placeholder)]"
        case .options(let keys): ([name] + keys.map { "[\($0.key)=\($0.placeholder)]" }).joined(separator: " ")
        }
    }

    /// Every command, in the order interface.md lists them.
    static let table: [ControlCommand] = [
        ControlCommand("ping") { _ in .ping },
        ControlCommand("status") { _ in .status },
        ControlCommand("start", sessionOptions) { arguments throws(ControlProtocolError) in
            let (routine, duration) = try sessionArguments(arguments, command: "start")
            return .start(routine: routine, duration: duration)
        },
        ControlCommand("stop") { _ in .stop },
        ControlCommand("pause") { _ in .pause },
        ControlCommand("resume") { _ in .resume },
        ControlCommand("skip") { _ in .skip },
        ControlCommand("hold") { _ in .hold },
        ControlCommand("extend", .positional(placeholder: "D", required: true)) { arguments throws(ControlProtocolError) in
            .extend(try ControlValue.extensionDuration(arguments.positional ?? ""))
        },
        ControlCommand("volume", .positional(placeholder: "N|+N|-N", required: true)) { arguments throws(ControlProtocolError) in
            .volume(try VolumeChange(parsing: arguments.positional ?? ""))
        },
        ControlCommand("next") { _ in .next },
        ControlCommand("plan", sessionOptions) { arguments throws(ControlProtocolError) in
            let (routine, duration) = try sessionArguments(arguments, command: "plan")
            return .plan(routine: routine, duration: duration)
        },
        ControlCommand("snooze") { _ in .snooze },
        ControlCommand("schedule", .positional(placeholder: "on|off", required: true)) { arguments throws(ControlProtocolError) in
            .schedule(enabled: try ControlValue.onOff(arguments.positional ?? ""))
        },
        ControlCommand("history", .positional(placeholder: "N", required: false)) { arguments throws(ControlProtocolError) in
            .history(limit: try arguments.positional.map { value throws(ControlProtocolError) in
                try ControlValue.historyLimit(value)
            } ?? ControlRequest.defaultHistoryLimit)
        },
        ControlCommand("reload") { _ in .reload },
        ControlCommand("watch") { _ in .watch },
    ]

    /// `[routine=NAME] [duration=D]`, as `start` and `plan` take them.
    static let sessionOptions = Shape.options([("routine", "NAME"), ("duration", "D")])

    static func sessionArguments(_ arguments: ControlArguments, command: String) throws(ControlProtocolError)
        -> (RoutineReference?, Duration?)
    {
        let routine = try arguments.option("routine").map { value throws(ControlProtocolError) in
            try ControlValue.routine(value, command: command)
        }
        let duration = try arguments.option("duration").map { value throws(ControlProtocolError) in
            try ControlValue.sessionDuration(value, command: command)
        }
        return (routine, duration)
    }

    static func named(_ name: some StringProtocol) -> ControlCommand? {
        table.first { $0.name == name }
    }
}
