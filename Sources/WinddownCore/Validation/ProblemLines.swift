/// Long lists of problems, shortened for people: a file with 50,000
/// unknown tables is one mistake repeated, and the first few lines say so.
public enum ProblemLines {
    /// Lines shown before "and N more problems".
    public static let shownAtMost = 20

    /// The first `limit` lines, then one line counting the rest.
    public static func capped(_ lines: [String], limit: Int = shownAtMost) -> [String] {
        guard lines.count > limit else { return lines }
        let rest = lines.count - limit
        return Array(lines.prefix(limit)) + ["and \(rest) more problem\(rest == 1 ? "" : "s")"]
    }

    /// `capped` joined into one line, for a log line or a socket answer.
    public static func joined(_ lines: [String], limit: Int = 5) -> String {
        capped(lines, limit: limit).joined(separator: "; ")
    }
}
