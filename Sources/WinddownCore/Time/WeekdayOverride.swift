/// What one weekday does instead of the everyday `schedule.time`.
public enum WeekdayOverride: Hashable, Sendable, CustomStringConvertible {
    /// Start at this time on that day.
    case at(ClockTime)
    /// No session on that day.
    case off

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
        }
    }
}
