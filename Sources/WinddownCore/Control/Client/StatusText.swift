/// How `winddownctl status` and `watch` show a `StatusReport`.
public enum StatusText {
    /// `status`: one labelled line per field that applies.
    ///
    ///     state:     running
    ///     routine:   foot-massage
    ///     step:      4/12 Toes
    ///     progress:  [#########-----------] 45%, 9:40 left
    ///     next run:  Tue 2026-05-05 22:30
    ///     plan:      foot-massage, 15m, brown
    ///     volume:    20
    ///     rooms:     bedroom (30), kids (15)
    public static func lines(_ report: StatusReport) -> [String] {
        var rows: [(String, String)] = [("state", report.state.rawValue)]
        if let routine = report.routine { rows.append(("routine", routine)) }
        if let step = report.step { rows.append(("step", stepText(step))) }
        if let progress = progressText(report) { rows.append(("progress", progress)) }
        rows.append(("next run", report.nextRun.map(ControlText.moment) ?? "none scheduled"))
        if report.nextRun != nil, let night = report.nextNight { rows.append(("plan", night.description)) }
        rows.append(("volume", "\(report.volume)"))
        if let level = report.dimmingLevel { rows.append(("lights", "\(level)%")) }
        if let rooms = report.rooms {
            rows.append(("rooms", rooms.isEmpty ? "none yet" : rooms.map { "\($0.name) (\($0.volume))" }.joined(separator: ", ")))
        }
        return rows.map { label, value in
            (label + ":").padding(toWidth: 11) + value
        }
    }

    /// `watch`: the whole state on one line, e.g.
    /// `running  step 4/12 Toes  [#########-----------] 45%  9:40 left`.
    public static func watchLine(_ report: StatusReport) -> String {
        guard report.state != .idle else {
            return "idle, next run " + (report.nextRun.map(ControlText.moment) ?? "none scheduled")
        }
        var parts = [report.state.rawValue]
        if let step = report.step { parts.append("step " + stepText(step)) }
        if let progress = report.progress { parts.append(ControlText.progressBar(progress)) }
        if let remaining = report.remainingSeconds { parts.append(ControlText.clock(seconds: remaining) + " left") }
        return parts.joined(separator: "  ")
    }

    /// `4/12 Toes` (the title left out when empty).
    public static func stepText(_ step: StatusReport.Step) -> String {
        let position = "\(step.index)/\(step.count)"
        return step.title.isEmpty ? position : position + " " + step.title
    }

    /// `[#########-----------] 45%, 9:40 left`, or nil without the times.
    static func progressText(_ report: StatusReport) -> String? {
        guard let progress = report.progress, let remaining = report.remainingSeconds else { return nil }
        return ControlText.progressBar(progress) + ", " + ControlText.clock(seconds: remaining) + " left"
    }
}

extension String {
    /// The text followed by spaces up to `width` characters (never cut).
    func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
