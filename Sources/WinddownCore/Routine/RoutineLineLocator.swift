/// Finds the line where a key is written in a routine file, including keys
/// inside the n-th `[[steps]]` table, which `KeyLineLocator` cannot tell
/// apart because every step repeats the same keys.
///
/// Like `KeyLineLocator` it scans the text rather than parsing it: it
/// follows table headers, counts `[[steps]]` headers, and records the first
/// line of each `key = value`. Steps written inline (`steps = [{ … }]`)
/// cannot be told apart this way; their problems get the line of `steps`.
struct RoutineLineLocator {
    /// Keys such as `name`, `breathing.inhale`, `steps[2]` (the header) or
    /// `steps[2].text`, to their 1-based line.
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        var stepCount = 0
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
                let isArray = line.hasPrefix("[[")
                let name = Self.normalized(line.drop { $0 == "[" }.prefix { $0 != "]" })
                if isArray, name == "steps" {
                    stepCount += 1
                    table = "steps[\(stepCount)]"
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

    /// The line of this key, else of the closest enclosing table or step
    /// that is written, else of `steps` itself for a step written inline.
    func line(of key: String) -> Int? {
        var parts = key.split(separator: ".")
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return key.hasPrefix("steps[") ? lines["steps"] : nil
    }

    private mutating func record(_ key: String, at line: Int) {
        if lines[key] == nil { lines[key] = line }
    }

    /// `breathing . "inhale"` and `breathing.inhale` are the same key.
    private static func normalized(_ key: Substring) -> String {
        key.split(separator: ".")
            .map { $0.trimmingWhitespace().trimming(charactersIn: "\"'") }
            .joined(separator: ".")
    }
}
