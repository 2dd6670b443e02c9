/// Reads values out of one table of a routine file (the top, `[breathing]`
/// or one `[[steps]]` table), collecting a problem for each value of the
/// wrong kind instead of stopping at the first.
struct RoutineDocumentReader {
    let file: String
    let locator: RoutineLineLocator
    private(set) var problems: [RoutineProblem] = []

    init(text: String, file: String) {
        self.file = file
        self.locator = RoutineLineLocator(text: text)
    }

    /// A table being read, and how its problems are named and located.
    struct Scope {
        let table: TOMLTable
        /// The step, for problems inside `[[steps]]`.
        var step: StepLocation?
        /// Prepended to keys in problems: `breathing.` for `[breathing]`.
        let fieldPrefix: String
        /// Prepended to keys to find their line: `steps[3].`, `breathing.`.
        let linePrefix: String

        func has(_ key: String) -> Bool { table[key] != nil }
    }

    // MARK: Problems

    /// Records a problem with `key` of `scope`, at the line of `lineKey`
    /// (by default `key` itself; `""` means the scope's own header).
    mutating func report(_ scope: Scope?, _ key: String?, _ message: String, lineOf lineKey: String? = nil) {
        let prefix = scope?.linePrefix ?? ""
        let lookup = lineKey ?? key ?? ""
        let located = lookup.isEmpty ? String(prefix.dropLast()) : prefix + lookup
        problems.append(RoutineProblem(
            file: file, line: located.isEmpty ? nil : locator.line(of: located), step: scope?.step,
            field: key.map { (scope?.fieldPrefix ?? "") + $0 }, message: message))
    }

    /// Records a problem with the file as a whole, such as a syntax error.
    mutating func report(line: Int?, _ message: String) {
        problems.append(RoutineProblem(file: file, line: line, field: nil, message: message))
    }

    // MARK: Typed values

    /// The string at `key`, or nil when it is absent or not a string (reported).
    mutating func string(_ key: String, in scope: Scope) -> String? {
        guard let value = scope.table[key] else { return nil }
        guard let text = value.string else {
            report(scope, key, "expected a string, found \(foundDescription(of: value))")
            return nil
        }
        return text
    }

    /// Like `string`, and a blank value is reported as empty.
    mutating func nonBlankString(_ key: String, in scope: Scope) -> String? {
        guard let text = string(key, in: scope) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            report(scope, key, "is empty")
            return nil
        }
        return text
    }

    /// A string that must be there: its absence is reported with `hint`.
    mutating func requiredString(_ key: String, in scope: Scope, hint: String) -> String? {
        guard scope.has(key) else {
            report(scope, key, "is missing; \(hint)", lineOf: "")
            return nil
        }
        return nonBlankString(key, in: scope)
    }

    mutating func bool(_ key: String, in scope: Scope) -> Bool? {
        guard let value = scope.table[key] else { return nil }
        guard let flag = value.boolean else {
            report(scope, key, "expected true or false, found \(foundDescription(of: value))")
            return nil
        }
        return flag
    }

    /// A whole number within `range`.
    mutating func integer(_ key: String, in scope: Scope, range: ClosedRange<Int>, meaning: String) -> Int? {
        guard let value = scope.table[key] else { return nil }
        guard let integer = value.integer, let number = Int(exactly: integer), range.contains(number) else {
            let found = value.integer.map { "\($0)" } ?? foundDescription(of: value)
            report(scope, key, "must be a whole number from \(range.lowerBound) to \(range.upperBound) (\(meaning)), found \(found)")
            return nil
        }
        return number
    }

    /// An integer or floating-point number.
    mutating func number(_ key: String, in scope: Scope, example: String) -> Double? {
        guard let value = scope.table[key] else { return nil }
        if let integer = value.integer { return Double(integer) }
        if let double = value.float { return double }
        report(scope, key, "expected a number like \(example), found \(foundDescription(of: value))")
        return nil
    }

    /// A duration string such as `"45s"`, within `range`.
    mutating func duration(
        _ key: String, in scope: Scope, example: String, range: ClosedRange<Duration>
    ) -> Duration? {
        guard let value = scope.table[key] else { return nil }
        guard let text = value.string else {
            var message = "expected a string like \"\(example)\", found \(foundDescription(of: value))"
            if let seconds = value.integer, seconds >= 0 { message += "; write \"\(seconds)s\" for seconds" }
            report(scope, key, message)
            return nil
        }
        let duration: Duration
        do throws(DurationParseError) { duration = try Duration(parsing: text) } catch {
            report(scope, key, "\"\(text)\": \(error.message)")
            return nil
        }
        guard range.contains(duration) else {
            report(scope, key, "must be from \(range.lowerBound.compactString) to \(range.upperBound.compactString), found \(text)")
            return nil
        }
        return duration
    }

    // MARK: Unknown keys

    /// Reports every key of the scope's table that is not in `known`, with
    /// a guess at what was meant. `elsewhere` maps keys that belong in
    /// another table to a phrase saying where.
    mutating func reportUnknownKeys(in scope: Scope, known: [String], elsewhere: [String: String] = [:]) {
        for (key, value) in scope.table where !known.contains(key) {
            let kind = value.table != nil ? "unknown table" : "unknown key"
            if let place = elsewhere[key] {
                report(scope, key, "\(kind); `\(key)` belongs \(place)")
            } else if problems.count >= ProblemLines.shownAtMost {
                // Past what is shown, no guesses: each costs edit distances.
                report(scope, key, kind)
            } else if let hint = KeySuggestions.phrase(for: Self.guesses(for: key, among: known)) {
                report(scope, key, "\(kind); \(hint)")
            } else {
                report(scope, key, "\(kind); the keys here are " + known.map { "`\($0)`" }.joined(separator: ", "))
            }
        }
    }

    /// Near misses first (`swtich_text`), then a key written short or long
    /// (`switch` for `switch_text`, `minimum` for `min`).
    static func guesses(for key: String, among known: [String]) -> [String] {
        let close = KeySuggestions.closest(to: key, among: known, tolerance: KeySuggestions.tolerance(for: key))
        if !close.isEmpty { return close }
        let word = key.lowercased()
        return known.filter { $0.count >= 3 && word.count >= 3 && ($0.hasPrefix(word) || word.hasPrefix($0)) }
    }
}
