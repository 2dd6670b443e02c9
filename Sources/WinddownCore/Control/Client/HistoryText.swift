/// How `winddownctl history` shows sessions: a table, newest first, then
/// the streak.
///
///     started               ended  played  routine       outcome
///     Tue 2026-05-05 22:30  22:47  35:00   foot-massage  completed
///     Mon 2026-05-04 22:30  22:35  5:12    foot-massage  stopped (stop requested)
///
///     streak: 3 nights in a row
public enum HistoryText {
    public static func lines(_ entries: [HistoryEntry], streak: SessionStreak) -> [String] {
        guard !entries.isEmpty else { return ["no sessions yet"] }
        let header = ["started", "ended", "played", "routine", "outcome"]
        let rows = entries.map { entry in
            [ControlText.moment(entry.started), endText(entry), playedText(entry), entry.routine, outcomeText(entry)]
        }
        // The last column is not padded, so lines carry no trailing spaces.
        let widths = (0..<header.count - 1).map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        let table = ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column < widths.count ? cell.padding(toWidth: widths[column]) : cell
            }.joined(separator: "  ")
        }
        return table + ["", "streak: " + streak.description]
    }

    /// The end's time of day when on the start's date, the full moment
    /// otherwise, `-` when never recorded.
    static func endText(_ entry: HistoryEntry) -> String {
        guard let ended = entry.ended else { return "-" }
        let sameDay = (ended.year, ended.month, ended.day) == (entry.started.year, entry.started.month, entry.started.day)
        return sameDay ? ControlText.timeOfDay(ended) : ControlText.moment(ended)
    }

    /// Minutes and seconds played, `-` when unknown.
    static func playedText(_ entry: HistoryEntry) -> String {
        guard let seconds = entry.durationSeconds else { return "-" }
        let s = seconds % 60
        return "\(seconds / 60):\(s < 10 ? "0" : "")\(s)"
    }

    static func outcomeText(_ entry: HistoryEntry) -> String {
        guard let reason = entry.reason, !reason.isEmpty else { return entry.outcome.rawValue }
        return "\(entry.outcome.rawValue) (\(reason))"
    }
}
