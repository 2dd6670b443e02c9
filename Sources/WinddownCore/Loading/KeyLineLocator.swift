/// Finds the line where a key or table header is written in a TOML text.
///
/// A value's own line would need the reader's positions threaded through
/// every lookup; this scans the text instead: it follows `[table]` headers and records the first line of each
/// `key = value`. Arrays of tables are numbered from 1, so the keys of the
/// n-th `[[steps]]` are `steps[n].key`. It is not a TOML parser; it only has
/// to agree with one on files that parsed, which is when it is used.
struct KeyLineLocator {
    /// Dotted key or table name to its 1-based line.
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        // How many `[[name]]` headers each array of tables has had so far.
        var arrayCounts: [String: Int] = [:]
        // The closing quotes of a multi-line string still open, if any.
        var openString: String?
        let rawLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in rawLines.enumerated() {
            let number = index + 1
            let line = rawLine.trimmingWhitespace()
            if let delimiter = openString {
                if line.occurrences(of: delimiter) % 2 == 1 { openString = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let name = Self.normalized(line.drop { $0 == "[" }.prefix { $0 != "]" })
                if line.hasPrefix("[[") {
                    let count = arrayCounts[name, default: 0] + 1
                    arrayCounts[name] = count
                    table = "\(name)[\(count)]"
                } else {
                    table = name
                }
                record(table, at: number)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = Self.normalized(line[..<equals])
            record(table.isEmpty ? key : "\(table).\(key)", at: number)
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where value.occurrences(of: delimiter) % 2 == 1 {
                openString = delimiter
            }
        }
    }

    /// The line of exactly this key or table header, if it is written.
    func line(of key: String) -> Int? {
        lines[key]
    }

    /// The line of this key, else of the closest enclosing table or inline
    /// table that is written (`audio.volume` inside `audio = { … }`).
    func nearestLine(for key: String) -> Int? {
        var parts = key.split(separator: ".")
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return nil
    }

    private mutating func record(_ key: String, at line: Int) {
        if lines[key] == nil { lines[key] = line }
    }

    /// `audio . "volume"` and `audio.volume` are the same key.
    private static func normalized(_ key: Substring) -> String {
        key.split(separator: ".")
            .map { $0.trimmingWhitespace().trimming(charactersIn: "\"'") }
            .joined(separator: ".")
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        trimming(where: \.isWhitespace)
    }

    func trimming(charactersIn set: String) -> SubSequence {
        trimming { set.contains($0) }
    }

    private func trimming(where shouldTrim: (Character) -> Bool) -> SubSequence {
        let start = firstIndex { !shouldTrim($0) } ?? endIndex
        let end = lastIndex { !shouldTrim($0) }.map(index(after:)) ?? start
        return self[start..<end]
    }

    /// How many times `needle` occurs, not overlapping.
    func occurrences(of needle: String) -> Int {
        var count = 0
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
