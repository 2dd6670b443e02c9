extension TOMLParser {
    /// An integer, a float, or a date-time (which also starts with digits).
    mutating func parseNumberOrDateTime() throws(TOMLSyntaxError) -> TOMLValue {
        if ASCII.isDigit(peek()), ASCII.isDigit(peek(1)) {
            if peek(2) == ASCII.colon {
                return .dateTime(TOMLDateTime(time: try parseTime()))
            }
            if ASCII.isDigit(peek(2)), ASCII.isDigit(peek(3)), peek(4) == ASCII.minus {
                return .dateTime(try parseDateTime())
            }
        }
        return try parseNumber()
    }

    private mutating func parseNumber() throws(TOMLSyntaxError) -> TOMLValue {
        let start = pos
        var negative = false
        var signed = false
        if let byte = peek(), byte == ASCII.plus || byte == ASCII.minus {
            negative = byte == ASCII.minus
            signed = true
            pos += 1
        }
        if lookingAt("inf") {
            pos += 3
            return .float(negative ? -Double.infinity : Double.infinity)
        }
        if lookingAt("nan") {
            pos += 3
            return .float(negative ? -Double.nan : Double.nan)
        }
        guard let first = peek(), ASCII.isDigit(first) else {
            pos = start
            throw invalidValue()
        }
        if !signed, first == ASCII.zero, let prefix = peek(1) {
            switch prefix {
            case UInt8(ascii: "x"): return try parsePrefixedInteger(radix: 16, start: start)
            case UInt8(ascii: "o"): return try parsePrefixedInteger(radix: 8, start: start)
            case UInt8(ascii: "b"): return try parsePrefixedInteger(radix: 2, start: start)
            default: break
            }
        }
        let digitsStart = pos
        if first == ASCII.zero {
            pos += 1
            if ASCII.isDigit(peek()) || peek() == ASCII.underscore {
                throw syntaxError("leading zeros are not allowed in a number", at: digitsStart)
            }
        } else {
            try scanDigits(radix: 10)
        }
        var isFloat = false
        if peek() == ASCII.dot {
            pos += 1
            guard ASCII.isDigit(peek()) else {
                throw syntaxError("expected a digit after the decimal point, found \(describeCharacter(at: pos))")
            }
            try scanDigits(radix: 10)
            isFloat = true
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            pos += 1
            if let sign = peek(), sign == ASCII.plus || sign == ASCII.minus { pos += 1 }
            guard ASCII.isDigit(peek()) else {
                throw syntaxError("expected a digit in the exponent, found \(describeCharacter(at: pos))")
            }
            try scanDigits(radix: 10)
            isFloat = true
        }
        if isFloat {
            let text = String(decoding: bytes[start..<pos].lazy.filter { $0 != ASCII.underscore }, as: UTF8.self)
            guard let value = Double(text) else {
                throw syntaxError("invalid floating-point number \(text)", at: start)
            }
            return .float(value)
        }
        var value: Int64 = 0
        for byte in bytes[digitsStart..<pos] where byte != ASCII.underscore {
            let digit = Int64(byte &- ASCII.zero)
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflowShift || overflowAdd { throw overflow(start) }
            value = next
        }
        return .integer(value)
    }

    /// `0x…`, `0o…` or `0b…`, with `pos` at the `0`.
    private mutating func parsePrefixedInteger(radix: Int64, start: Int) throws(TOMLSyntaxError) -> TOMLValue {
        pos += 2
        guard let first = peek(), Self.digitValue(first, radix: radix) != nil else {
            throw syntaxError(
                "expected a digit of base \(radix) after \(string(start..<pos)), found \(describeCharacter(at: pos))")
        }
        let digitsStart = pos
        try scanDigits(radix: radix)
        var value: Int64 = 0
        for byte in bytes[digitsStart..<pos] {
            guard let digit = Self.digitValue(byte, radix: radix) else { continue }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: radix)
            let (next, overflowAdd) = shifted.addingReportingOverflow(Int64(digit))
            if overflowShift || overflowAdd { throw overflow(start) }
            value = next
        }
        return .integer(value)
    }

    private mutating func overflow(_ start: Int) -> TOMLSyntaxError {
        var end = pos
        while end < bytes.count, ASCII.isBareKey(bytes[end]) { end += 1 }
        return syntaxError("integer \(string(start..<end)) does not fit in 64 bits", at: start)
    }

    /// Digits of `radix`, single underscores allowed between two digits; `pos` is at a digit.
    private mutating func scanDigits(radix: Int64) throws(TOMLSyntaxError) {
        pos += 1
        while let byte = peek() {
            if Self.digitValue(byte, radix: radix) != nil {
                pos += 1
            } else if byte == ASCII.underscore {
                guard let next = peek(1), Self.digitValue(next, radix: radix) != nil else {
                    throw syntaxError("an underscore in a number must be between two digits")
                }
                pos += 2
            } else {
                return
            }
        }
    }

    private static func digitValue(_ byte: UInt8, radix: Int64) -> UInt8? {
        guard let value = hexDigitValue(byte), Int64(value) < radix else { return nil }
        return value
    }
}
