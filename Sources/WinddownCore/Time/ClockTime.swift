/// A time of day on a 24-hour clock, to the minute, with no date or zone:
/// what `schedule.time` and the weekday overrides hold.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0 to 23.
    public let hour: Int
    /// 0 to 59.
    public let minute: Int

    /// Returns nil when the hour or minute is out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.init(validHour: hour, minute: minute)
    }

    /// For constants in this module that are known to be in range.
    init(validHour hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Reads exactly `"HH:MM"`: two digits, a colon, two digits.
    ///
    /// `"7:05"` is refused rather than guessed at, so that every time in a
    /// configuration file looks the same and `"24:00"` cannot sneak in.
    public init(parsing text: String) throws(ClockTimeParseError) {
        func failure(_ message: String) -> ClockTimeParseError {
            ClockTimeParseError(input: text, message: message)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else {
            throw failure("expected a 24-hour time \"HH:MM\" with two digits each, like \"07:05\" or \"22:30\"")
        }
        guard hour <= 23 else { throw failure("the hour must be from 00 to 23") }
        guard minute <= 59 else { throw failure("the minute must be from 00 to 59") }
        self.init(validHour: hour, minute: minute)
    }

    /// Minutes after midnight, 0 to 1439: handy for comparing and arithmetic.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// `"HH:MM"`, the form `init(parsing:)` reads.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }
}
