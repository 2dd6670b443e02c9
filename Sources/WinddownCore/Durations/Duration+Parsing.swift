extension Duration {
    /// Reads a configuration duration: one or more `<whole number><unit>`
    /// groups with the units `h`, `m` and `s`, largest first, each at most
    /// once. Examples: `"90s"`, `"15m"`, `"1h30m"`, `"2m30s"`, `"0s"`.
    ///
    /// The grammar is deliberately strict (no spaces, no fractions, no sign)
    /// so that a typo is reported instead of being read as something else.
    public init(parsing text: String) throws(DurationParseError) {
        self = .seconds(try DurationGrammar.totalSeconds(in: text))
    }
}

/// The parser behind `Duration(parsing:)`, kept apart so the public
/// extension stays a one-liner.
enum DurationGrammar {
    /// Units in the only order they may appear, with their length in seconds.
    static let units: [(symbol: Character, seconds: Int64)] = [("h", 3600), ("m", 60), ("s", 1)]

    static func totalSeconds(in text: String) throws(DurationParseError) -> Int64 {
        func failure(_ message: String) -> DurationParseError {
            DurationParseError(input: text, message: message)
        }
        if text.isEmpty {
            throw failure("empty; write a duration such as \"90s\", \"15m\" or \"1h30m\"")
        }
        if text.contains(where: \.isWhitespace) {
            throw failure("contains a space; write the parts together, like \"1h30m\"")
        }
        if text.first == "-" {
            throw failure("negative durations are not allowed")
        }
        if text.first == "+" {
            throw failure("leave out the \"+\" sign")
        }
        if text.contains(where: { $0 == "." || $0 == "," }) {
            throw failure("fractions are not supported; write \"1h30m\" rather than \"1.5h\"")
        }

        var total: Int64 = 0
        // Index into `units` of the last unit used, to enforce order and uniqueness.
        var lastUnitIndex: Int?
        var rest = text[...]

        while !rest.isEmpty {
            // One group: a run of digits, then a run of letters naming the unit.
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix(while: \.isLetter)
            rest = rest.dropFirst(unit.count)

            if digits.isEmpty {
                guard let first = unit.first else {
                    throw failure("unexpected \"\(rest.prefix(1))\"; write a duration such as \"1h30m\"")
                }
                throw units.contains(where: { String($0.symbol) == unit })
                    ? failure("the unit \"\(unit)\" has no number before it")
                    : failure("expected a number, found \"\(first)\"")
            }
            if unit.isEmpty {
                if let other = rest.first {
                    throw failure("unexpected \"\(other)\"; write a duration such as \"1h30m\"")
                }
                throw lastUnitIndex == nil
                    ? failure("missing a unit; write \"\(digits)s\", \"\(digits)m\" or \"\(digits)h\"")
                    : failure("the number \(digits) at the end has no unit")
            }
            guard let unitIndex = units.firstIndex(where: { String($0.symbol) == unit }) else {
                throw failure("unknown unit \"\(unit)\"; use h, m or s, as in \"1h30m\"")
            }
            if let last = lastUnitIndex {
                if unitIndex == last {
                    throw failure("the unit \"\(unit)\" appears more than once")
                }
                if unitIndex < last {
                    throw failure("units out of order; write hours, then minutes, then seconds, as in \"1h30m\"")
                }
            }
            guard let amount = Int64(digits) else { throw failure("too large") }
            let (seconds, productOverflow) = amount.multipliedReportingOverflow(by: units[unitIndex].seconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(seconds)
            if productOverflow || sumOverflow { throw failure("too large") }
            total = sum
            lastUnitIndex = unitIndex
        }
        return total
    }
}
