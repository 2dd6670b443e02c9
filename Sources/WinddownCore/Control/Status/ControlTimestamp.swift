/// A moment written as ISO 8601 local time with its UTC offset,
/// `2026-05-05T22:30:00+02:00`: how `next_run` and the history's `started`
/// and `ended` travel. Keeps the wall-clock fields as written, so that a
/// night is the night where the person was.
public struct ControlTimestamp: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 to 12.
    public let month: Int
    /// 1 to the month's length.
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Local time minus UTC, in seconds (`+02:00` is 7200).
    public let utcOffset: Int

    /// The moment `epochSeconds` after 1970-01-01T00:00:00Z, shown in the
    /// zone that is `utcOffset` seconds ahead of UTC.
    public init(epochSeconds: Int64, utcOffset: Int) {
        let local = epochSeconds + Int64(utcOffset)
        let days = Int(local.floorDivided(by: 86_400))
        let secondOfDay = Int(local - Int64(days) * 86_400)
        (year, month, day) = CivilCalendar.date(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        self.utcOffset = utcOffset
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or `±HH:MM`
    /// (a fraction is dropped). Nil for anything else or an impossible date.
    public init?(parsing text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2)
        else { return nil }
        var second = 0
        if scanner.skip(":") {
            guard let value = scanner.number(2) else { return nil }
            second = value
            if scanner.skip(".") || scanner.skip(",") {
                guard scanner.skipDigits() > 0 else { return nil }
            }
        }
        var offset = 0
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else {
            let sign = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : 0
            guard sign != 0, let hours = scanner.number(2), scanner.skip(":"), let minutes = scanner.number(2),
                hours <= 23, minutes <= 59
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd, (1...12).contains(month), (1...CivilCalendar.length(ofMonth: month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, min(second, 59))
        utcOffset = offset
    }

    /// `2026-05-05T22:30:00+02:00`; UTC too is written as an offset,
    /// `+00:00`, never `Z`, so every time has the same shape.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
        let magnitude = abs(utcOffset) / 60
        text += utcOffset < 0 ? "-" : "+"
        return text + "\(two(magnitude / 60)):\(two(magnitude % 60))"
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int64 {
        let days = Int64(CivilCalendar.days(year: year, month: month, day: day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(utcOffset)
    }

    /// Days from 1970-01-01 to this local date.
    public var localDayNumber: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// The day of the week of the local date.
    public var weekday: Weekday { CivilCalendar.weekday(ofDay: localDayNumber) }

    /// The local day number of the evening this moment belongs to: times
    /// before noon count for the evening before, so a session that starts at
    /// 00:30 belongs to the same night as one at 22:30 the evening before.
    public var nightNumber: Int {
        (localDayNumber * 86_400 + hour * 3600 + minute * 60 + second - 43_200).floorDivided(by: 86_400)
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity.
    fileprivate func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// Reads fixed-width digit groups and literal characters.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += width
        return value
    }

    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return index - start
    }
}
