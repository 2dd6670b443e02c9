/// What one weekday does instead of the everyday `schedule.time`.
public enum WeekdayOverride: Hashable, Sendable, CustomStringConvertible {
    /// Start at this time on that day.
    case at(ClockTime)
    /// No session on that day.
    case off
    /// A night of its own: `{ time = "23:15", routine = "quick", duration =
    /// "10m", sound = "rain" }`, each key optional (unset: the main setting).
    case night(NightPlan)

    /// Reads `"off"` (in any letter case) or a `"HH:MM"` time.
    public init(parsing text: String) throws(ClockTimeParseError) {
        if text.lowercased() == "off" {
            self = .off
            return
        }
        do {
            self = .at(try ClockTime(parsing: text))
        } catch where error.message.hasPrefix("expected ") {
            // A weekday also takes "off", so say so when the shape is wrong.
            let wanted = error.message.dropFirst("expected ".count)
            throw ClockTimeParseError(input: text, message: "expected \"off\" or \(wanted)")
        }
    }

    /// `"off"` or `"HH:MM"`, the forms `init(parsing:)` reads.
    public var description: String {
        switch self {
        case .at(let time): time.description
        case .off: "off"
        case .night(let plan): plan.description
        }
    }
}

/// What one weekday's table changes about that night; nil fields keep the
/// main settings (`schedule.time`, `session.routine`, `session.duration`,
/// `audio.sound`).
public struct NightPlan: Hashable, Sendable, CustomStringConvertible {
    public var time: ClockTime?
    public var routine: RoutineReference?
    public var duration: Duration?
    public var sound: SleepSound?

    public init(time: ClockTime? = nil, routine: RoutineReference? = nil, duration: Duration? = nil, sound: SleepSound? = nil) {
        self.time = time
        self.routine = routine
        self.duration = duration
        self.sound = sound
    }

    /// The keys a weekday table may hold, in the order they are written.
    public static let keys = ["time", "routine", "duration", "sound"]

    /// The inline table, as it would be written in the file.
    public var description: String {
        let parts: [String?] = [
            time.map { "time = \"\($0)\"" }, routine.map { "routine = \"\($0)\"" },
            duration.map { "duration = \"\($0.compactString)\"" }, sound.map { "sound = \"\($0)\"" },
        ]
        let written = parts.compactMap(\.self)
        return written.isEmpty ? "{}" : "{ " + written.joined(separator: ", ") + " }"
    }
}
