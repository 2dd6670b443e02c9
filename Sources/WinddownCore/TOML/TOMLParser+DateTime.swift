extension TOMLParser {
    /// `1979-05-27`, optionally followed by `T` (or `t`, or a space) and a time, and after a
    /// time optionally by `Z` or an offset `+07:00`. `pos` is at the year.
    mutating func parseDateTime() throws(TOMLSyntaxError) -> TOMLDateTime {
        let start = pos
        guard let year = readDigits(4), peek() == ASCII.minus,
            advance(), let month = readDigits(2), peek() == ASCII.minus,
            advance(), let day = readDigits(2)
        else {
            throw syntaxError("invalid date: expected YYYY-MM-DD", at: start)
        }
        let shown = string(start..<pos)
        guard (1...12).contains(month) else {
            throw syntaxError("invalid date \(shown): month \(month) does not exist", at: start)
        }
        guard day >= 1, day <= CivilCalendar.length(ofMonth: month, year: year) else {
            throw syntaxError("invalid date \(shown): day \(day) does not exist in that month", at: start)
        }
        guard year >= 1 else {
            throw syntaxError("invalid date \(shown): year 0000 is not supported", at: start)
        }
        let date = TOMLDateTime.Date(year: year, month: month, day: day)
        switch peek() {
        case UInt8(ascii: "T"), UInt8(ascii: "t"):
            pos += 1
        case ASCII.space where ASCII.isDigit(peek(1)):
            pos += 1
        default:
            return TOMLDateTime(date: date)
        }
        let time = try parseTime()
        var offset: Int?
        switch peek() {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            pos += 1
            offset = 0
        case let sign? where sign == ASCII.plus || sign == ASCII.minus:
            let offsetStart = pos
            pos += 1
            guard let hours = readDigits(2), peek() == ASCII.colon, advance(), let minutes = readDigits(2)
            else {
                throw syntaxError("invalid time offset: expected +HH:MM or -HH:MM", at: offsetStart)
            }
            guard hours <= 23, minutes <= 59 else {
                throw syntaxError(
                    "invalid time offset \(string(offsetStart..<pos)): hours must be 00 to 23 and minutes 00 to 59",
                    at: offsetStart)
            }
            offset = (hours * 60 + minutes) * (sign == ASCII.minus ? -1 : 1)
        default:
            offset = nil
        }
        return TOMLDateTime(date: date, time: time, offsetMinutes: offset)
    }

    /// `07:32:00` with optional fractional seconds `.999999`; `pos` is at the hour.
    mutating func parseTime() throws(TOMLSyntaxError) -> TOMLDateTime.Time {
        let start = pos
        guard let hour = readDigits(2), peek() == ASCII.colon, advance(),
            let minute = readDigits(2), peek() == ASCII.colon, advance(),
            let second = readDigits(2)
        else {
            throw syntaxError("invalid time: expected HH:MM:SS", at: start)
        }
        let shown = string(start..<pos)
        guard hour <= 23 else { throw syntaxError("invalid time \(shown): hour \(hour) does not exist", at: start) }
        guard minute <= 59 else {
            throw syntaxError("invalid time \(shown): minute \(minute) does not exist", at: start)
        }
        guard second <= 59 else {
            throw syntaxError("invalid time \(shown): second \(second) does not exist", at: start)
        }
        var nanosecond = 0
        if peek() == ASCII.dot {
            pos += 1
            guard ASCII.isDigit(peek()) else {
                throw syntaxError("expected a digit after the decimal point in a time, found \(describeCharacter(at: pos))")
            }
            var scale = 100_000_000
            while let byte = peek(), ASCII.isDigit(byte) {
                nanosecond += Int(byte - ASCII.zero) * scale
                scale /= 10  // digits past the ninth add nothing
                pos += 1
            }
        }
        return TOMLDateTime.Time(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// Exactly `count` decimal digits at `pos`, consumed; nil (and nothing consumed) otherwise.
    private mutating func readDigits(_ count: Int) -> Int? {
        var value = 0
        for index in 0..<count {
            guard let byte = peek(index), ASCII.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - ASCII.zero)
        }
        pos += count
        return value
    }

    /// Steps over one byte; true, for use in conditions.
    private mutating func advance() -> Bool {
        pos += 1
        return true
    }
}
