/// A TOML date-time: an offset date-time (date, time and offset), a local date-time (date and
/// time), a local date (date only) or a local time (time only).
public struct TOMLDateTime: Sendable, Equatable, CustomStringConvertible {
    /// A calendar date.
    public struct Date: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var day: Int

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
    }

    /// A time of day, to the nanosecond (TOML keeps at least milliseconds; digits past the
    /// ninth are dropped).
    public struct Time: Sendable, Equatable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var nanosecond: Int

        public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
            self.hour = hour
            self.minute = minute
            self.second = second
            self.nanosecond = nanosecond
        }
    }

    public var date: Date?
    public var time: Time?
    /// The offset from UTC in minutes; nil for local date-times, dates and times; 0 for `Z`.
    public var offsetMinutes: Int?

    public init(date: Date? = nil, time: Time? = nil, offsetMinutes: Int? = nil) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// "date-time" (with or without an offset), "date" or "time".
    public var kindName: String {
        switch (date, time) {
        case (nil, _): "time"
        case (_, nil): "date"
        default: "date-time"
        }
    }

    /// RFC 3339 text: "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.5-07:00",
    /// "1979-05-27T07:32:00", "1979-05-27", "07:32:00.999999".
    public var description: String {
        var text = ""
        if let date {
            text += Self.digits(date.year, 4) + "-" + Self.digits(date.month, 2) + "-"
                + Self.digits(date.day, 2)
        }
        if let time {
            if date != nil { text += "T" }
            text += Self.digits(time.hour, 2) + ":" + Self.digits(time.minute, 2) + ":"
                + Self.digits(time.second, 2)
            if time.nanosecond > 0 {
                var fraction = Self.digits(time.nanosecond, 9)
                while fraction.last == "0" { fraction.removeLast() }
                text += "." + fraction
            }
            if let offset = offsetMinutes {
                if offset == 0 {
                    text += "Z"
                } else {
                    let size = offset.magnitude
                    text += (offset < 0 ? "-" : "+") + Self.digits(Int(size / 60), 2) + ":"
                        + Self.digits(Int(size % 60), 2)
                }
            }
        }
        return text
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - text.count))
        return (value < 0 ? "-" : "") + padding + text
    }
}
