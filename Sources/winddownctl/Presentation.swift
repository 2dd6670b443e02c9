import WinddownCore

#if canImport(Glibc)
    import Glibc
#endif

/// How a successful answer is shown to a person.
enum Presentation {
    /// A fixed confirmation such as `paused`.
    case confirmation(String)
    /// The `StatusReport` in labelled lines.
    case status
    /// The first `limit` sessions as a table, then the streak over all received.
    case history(limit: Int)
    /// `next run: …` from `next_run`; `otherwise` when the answer has no such field.
    case nextRun(otherwise: String)
    /// `volume: N` from `volume`, or the confirmation when the daemon sends no level.
    case volume
    /// `fade extended: 25:00 left` from `remaining_s`.
    case remaining(String)
    /// `session started`, then the caution when the session opens with it.
    case started

    func lines(for response: ControlResponse) throws(ControlProtocolError) -> [String] {
        let fields = response.fields
        switch self {
        case .confirmation(let text):
            return [text]
        case .status:
            return StatusText.lines(try StatusReport(json: fields))
        case .history(let limit):
            let entries = try response.historyEntries()
            let streak = SessionStreak.current(in: entries, tonight: Self.tonight())
            return HistoryText.lines(Array(entries.prefix(limit)), streak: streak)
        case .nextRun(let otherwise):
            guard let value = fields["next_run"] else { return [otherwise] }
            let next = value.stringValue.flatMap(ControlTimestamp.init(parsing:))
            var lines: [String] = []
            if let snoozed = fields["snoozed"]?.stringValue.flatMap(ControlTimestamp.init(parsing:)) {
                lines.append("skipping the session of " + ControlText.moment(snoozed))
            }
            let off = fields["schedule"]?.stringValue == "off"
            let night = next == nil ? nil : NextNight(json: fields["next_night"])
            lines.append(
                "next run: " + (next.map(ControlText.moment) ?? (off ? "none, the schedule is off" : "none scheduled"))
                    + (night.map { " (\($0))" } ?? ""))
            return lines
        case .volume:
            return [fields["volume"]?.intValue.map { "volume: \($0)" } ?? "volume set"]
        case .started:
            guard let caution = fields["caution"]?.stringValue else { return ["session started"] }
            return ["session started", "", "Before you begin:"] + ControlText.wrapped(caution, width: 72).map { "  " + $0 }
        case .remaining(let text):
            return [text + (fields["remaining_s"]?.intValue.map { ": \(ControlText.clock(seconds: $0)) left" } ?? "")]
        }
    }

    /// The night number of now, in the local zone.
    static func tonight() -> Int? {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return nil }
        return ControlTimestamp(epochSeconds: Int64(now), utcOffset: Int(local.tm_gmtoff)).nightNumber
    }
}
