/// "Did you mean …?" for unknown keys and tables.
enum KeySuggestions {
    /// Known keys the unknown one was probably meant to be, best first.
    ///
    /// First a near miss of the whole dotted key (`audio.volum`), else the
    /// same or nearly the same last part in another table (`volume` written
    /// at the top, `session.volume`), which is the other common slip.
    static func suggestions(for unknown: String, among known: [String]) -> [String] {
        guard unknown.utf8.count <= longestWord else { return [] }
        let closeWhole = closest(to: unknown, among: known, tolerance: tolerance(for: lastPart(of: unknown)))
        if !closeWhole.isEmpty { return closeWhole }
        let leaf = lastPart(of: unknown).lowercased()
        let tolerance = tolerance(for: leaf)
        let otherTable = known.filter { distance(lastPart(of: $0).lowercased(), leaf) <= tolerance }
        if !otherTable.isEmpty { return otherTable }
        // A word spelt out where the key is its abbreviation: `schedule.monday`.
        let table = unknown.split(separator: ".").dropLast().joined(separator: ".")
        return known.filter {
            let knownLeaf = lastPart(of: $0).lowercased()
            return knownLeaf.count >= 3 && leaf.hasPrefix(knownLeaf)
                && $0.split(separator: ".").dropLast().joined(separator: ".") == table
        }
    }

    /// The candidates at the smallest distance, if it is within `tolerance`.
    static func closest(to word: String, among candidates: [String], tolerance: Int) -> [String] {
        // No key is this long: a huge one is no slip, and comparing it would cost seconds.
        guard word.utf8.count <= longestWord else { return [] }
        let scored = candidates.map { ($0, distance($0.lowercased(), word.lowercased())) }
        guard let best = scored.map(\.1).min(), best <= tolerance else { return [] }
        return scored.filter { $0.1 == best }.map(\.0)
    }

    /// Words longer than this get no suggestions.
    static let longestWord = 64

    /// How many edits still count as a slip: one for short words, more for long ones.
    static func tolerance(for word: String) -> Int {
        max(1, word.count / 4)
    }

    /// "did you mean `a`?" or "did you mean `a` or `b`?", or nil for no suggestions.
    static func phrase(for suggestions: [String], format: (String) -> String = { "`\($0)`" }) -> String? {
        guard !suggestions.isEmpty else { return nil }
        return "did you mean " + suggestions.map(format).joined(separator: " or ") + "?"
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps
    /// of neighbours (optimal string alignment), so `audoi` is one from `audio`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    private static func lastPart(of key: String) -> String {
        key.split(separator: ".").last.map(String.init) ?? key
    }
}
