extension PosixTimeZone {
    /// Reads a POSIX `TZ` rule as RFC 8536 allows it in a TZif footer:
    /// `std offset [dst [offset] [,start[/time],end[/time]]]`, names
    /// alphabetic or quoted (`<+0530>`), offsets `[+-]hh[:mm[:ss]]` west of
    /// UTC, rule times from -167 h to 167 h (version 3).
    init(parsing text: String) throws(ZoneRulesError) {
        var scanner = RuleScanner(text)
        let standardName = try scanner.name()
        let standardOffset = try -scanner.offset(maximumHours: 24)
        standard = LocalTimeType(utcOffset: standardOffset, isDaylightSaving: false, abbreviation: standardName)
        guard !scanner.atEnd else {
            daylightSaving = nil
            return
        }
        let daylightName = try scanner.name()
        var daylightOffset = standardOffset + 3600
        if !scanner.atEnd && scanner.peek != UInt8(ascii: ",") {
            daylightOffset = try -scanner.offset(maximumHours: 24)
        }
        // Without rules POSIX leaves the dates to the system; tzcode and
        // glibc use the US rules since 2007.
        var start = Rule(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
        var end = Rule(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        if !scanner.atEnd {
            try scanner.expect(",")
            start = try scanner.rule()
            try scanner.expect(",")
            end = try scanner.rule()
        }
        guard scanner.atEnd else { throw scanner.failure("unexpected text after the rules") }
        daylightSaving = DaylightSaving(
            type: LocalTimeType(utcOffset: daylightOffset, isDaylightSaving: true, abbreviation: daylightName),
            start: start, end: end)
    }
}

/// Reads the parts of a POSIX `TZ` rule, left to right.
private struct RuleScanner {
    let text: String
    let bytes: [UInt8]
    var index = 0

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    func failure(_ what: String) -> ZoneRulesError {
        ZoneRulesError("bad time zone rule \"\(text)\": \(what)")
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ character: Unicode.Scalar) throws(ZoneRulesError) {
        guard skip(character) else { throw failure("expected \"\(character)\" at position \(index + 1)") }
    }

    /// `CET`, or `<+0530>` with letters, digits, `+` and `-` between the brackets.
    mutating func name() throws(ZoneRulesError) -> String {
        let quoted = skip("<")
        let start = index
        while let byte = peek {
            let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            let isQuotable = (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            guard isLetter || (quoted && isQuotable) else { break }
            index += 1
        }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        if quoted { try expect(">") }
        guard name.count >= 3 else { throw failure("a zone abbreviation needs at least three characters") }
        return name
    }

    /// A number of decimal digits, or nil when there is none.
    mutating func number() -> Int? {
        let start = index
        var value = 0
        while let byte = peek, (0x30...0x39).contains(byte), index - start < 9 {
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return index > start ? value : nil
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, the sign as written.
    mutating func offset(maximumHours: Int) throws(ZoneRulesError) -> Int {
        var sign = 1
        if skip("-") { sign = -1 } else { _ = skip("+") }
        let start = index
        guard let hours = number(), hours <= maximumHours else {
            throw failure("expected hours from 0 to \(maximumHours) at position \(start + 1)")
        }
        var seconds = hours * 3600
        for scale in [60, 1] {
            guard skip(":") else { break }
            guard let part = number(), part <= 59 else { throw failure("expected minutes or seconds from 00 to 59") }
            seconds += part * scale
        }
        return sign * seconds
    }

    /// `Jn`, `n` or `Mm.w.d`, then an optional `/time` (default 02:00).
    mutating func rule() throws(ZoneRulesError) -> PosixTimeZone.Rule {
        let day: PosixTimeZone.Rule.Day
        let start = index
        if skip("J") {
            guard let n = number(), (1...365).contains(n) else { throw failure("a Jn day must be from 1 to 365") }
            day = .julianNoLeap(n)
        } else if skip("M") {
            guard let month = number(), (1...12).contains(month), skip("."), let week = number(), (1...5).contains(week),
                skip("."), let weekday = number(), (0...6).contains(weekday)
            else { throw failure("expected Mm.w.d with month 1-12, week 1-5 and weekday 0-6") }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else {
            guard let n = number(), (0...365).contains(n) else {
                throw failure("expected a rule date Jn, n or Mm.w.d at position \(start + 1)")
            }
            day = .zeroBased(n)
        }
        let time = skip("/") ? try offset(maximumHours: 167) : 7200
        return PosixTimeZone.Rule(day: day, time: time)
    }
}
