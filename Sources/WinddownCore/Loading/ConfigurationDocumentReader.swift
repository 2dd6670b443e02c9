/// Reads settings out of a parsed TOML document, collecting a problem for
/// each one that is missing its mark instead of stopping at the first.
///
/// It also remembers every key it was asked for, so that whatever else is
/// in the document can be reported as unknown afterwards: the list of known
/// keys is the list of reads, and cannot drift from it.
struct ConfigurationDocumentReader {
    private let root: TOMLTable
    private let file: String
    let locator: KeyLineLocator
    private(set) var problems: [ConfigurationProblem] = []
    /// Dotted keys asked for, in the order asked.
    private(set) var knownKeys: [String] = []

    init(root: TOMLTable, text: String, file: String) {
        self.root = root
        self.file = file
        self.locator = KeyLineLocator(text: text)
    }

    /// Reads `key` into `target` when the document sets it; otherwise, or
    /// when the value is wrong, leaves `target` (the default) as it is.
    mutating func read<Value>(_ key: String, as type: SettingType<Value>, into target: inout Value) {
        if let value = value(of: key, as: type) { target = value }
    }

    /// Like `read`, for a setting that may be left unset.
    mutating func readOptional<Value>(_ key: String, as type: SettingType<Value>, into target: inout Value?) {
        if let value = value(of: key, as: type) { target = value }
    }

    mutating func addProblem(_ key: String?, line: Int?, _ message: String) {
        problems.append(ConfigurationProblem(file: file, key: key, line: line, message: message))
    }

    private mutating func value<Value>(of key: String, as type: SettingType<Value>) -> Value? {
        knownKeys.append(key)
        guard let raw = lookUp(key) else { return nil }
        let line = locator.nearestLine(for: key)
        do {
            if let value = try type.convert(raw) { return value }
            addProblem(key, line: line, "expected \(type.expected), found \(foundDescription(of: raw))")
        } catch {
            addProblem(key, line: line, error.message)
        }
        return nil
    }

    /// The value at a dotted key, or nil when any part of the path is absent
    /// or not a table (that is reported by `reportUnknownKeys`).
    private func lookUp(_ key: String) -> (TOMLValue)? {
        var table = root
        let parts = key.split(separator: ".").map(String.init)
        for part in parts.dropLast() {
            guard let inner = table[part]?.table else { return nil }
            table = inner
        }
        return parts.last.flatMap { table[$0] }
    }

    /// Reports every table and key in the document that no read asked for,
    /// and known tables written as something other than a table.
    mutating func reportUnknownKeys() {
        // Each table once, sorted: the candidates for "did you mean" (made once, not per unknown table).
        let knownTables = Array(Set(knownKeys.compactMap { $0.split(separator: ".").first.map(String.init) })).sorted()
        for (name, value) in root {
            guard knownTables.contains(name) else {
                reportUnknown(name, value: value, knownTables: knownTables)
                continue
            }
            guard let table = value.table else {
                addProblem(name, line: locator.nearestLine(for: name), "expected a table [\(name)], found \(foundDescription(of: value))")
                continue
            }
            for (leaf, _) in table where !knownKeys.contains("\(name).\(leaf)") {
                reportUnknown("\(name).\(leaf)", value: nil, knownTables: knownTables)
            }
        }
    }

    /// A whole table is reported once, not key by key. Guesses are made
    /// only while the problems are few enough to be shown: for the 50,000th
    /// unknown key nobody reads one, and each costs edit distances.
    private mutating func reportUnknown(_ key: String, value: (TOMLValue)?, knownTables: [String]) {
        let line = locator.nearestLine(for: key)
        if problems.count >= ProblemLines.shownAtMost {
            addProblem(key, line: line, value?.table != nil ? "unknown table" : "unknown key")
        } else if value?.table != nil {
            let guesses = KeySuggestions.closest(to: key, among: knownTables, tolerance: KeySuggestions.tolerance(for: key))
            let hint = KeySuggestions.phrase(for: guesses) { "`[\($0)]`" }
            addProblem(key, line: line, "unknown table" + (hint.map { "; \($0)" } ?? ""))
        } else {
            let hint = KeySuggestions.phrase(for: KeySuggestions.suggestions(for: key, among: knownKeys))
            addProblem(key, line: line, "unknown key" + (hint.map { "; \($0)" } ?? ""))
        }
    }
}
