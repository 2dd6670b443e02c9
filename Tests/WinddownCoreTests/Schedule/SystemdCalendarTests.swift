import Testing
import WinddownCore

/// A second opinion from a peer implementation: systemd's calendar events
/// (`systemd-analyze calendar --iterations=N --base-time=@EPOCH`) for the
/// calendar expression that matches a schedule.
///
/// systemd and winddown agree on every night but one kind: a start time
/// that a spring-forward gap skips. systemd skips that night altogether;
/// winddown runs at the first instant after the gap. On a fall-back night
/// both run once, at the first occurrence, and never at the second.
@Suite("Agreement with systemd's calendar events")
struct SystemdCalendarTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var expression: String
        var zoneName: String
        var time: String
        /// The days that run; the others are "off".
        var days: [Weekday]
        var base: String
        var iterations: Int
        /// Whether the span holds nights whose start a gap skips.
        var hasGapNights: Bool

        var testDescription: String { "\(expression) from \(base)" }
    }

    static let everyDay = Weekday.allCases
    static let cases: [Case] = [
        Case(expression: "*-*-* 22:30:00 Europe/Berlin", zoneName: "Europe/Berlin", time: "22:30", days: everyDay,
            base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: false),
        Case(expression: "Mon..Fri *-*-* 07:15:00 America/New_York", zoneName: "America/New_York", time: "07:15",
            days: [.monday, .tuesday, .wednesday, .thursday, .friday], base: "2025-12-31T12:00:00Z", iterations: 600,
            hasGapNights: false),
        Case(expression: "*-*-* 02:30:00 Europe/Berlin", zoneName: "Europe/Berlin", time: "02:30", days: everyDay,
            base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: true),
        Case(expression: "*-*-* 02:30:00 Europe/Berlin", zoneName: "Europe/Berlin", time: "02:30", days: everyDay,
            base: "2098-12-31T12:00:00Z", iterations: 400, hasGapNights: true),
        Case(expression: "*-*-* 02:30:00 America/New_York", zoneName: "America/New_York", time: "02:30", days: everyDay,
            base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: true),
        Case(expression: "*-*-* 01:30:00 America/New_York", zoneName: "America/New_York", time: "01:30", days: everyDay,
            base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: false),
        Case(expression: "*-*-* 02:15:00 Australia/Lord_Howe", zoneName: "Australia/Lord_Howe", time: "02:15",
            days: everyDay, base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: true),
        Case(expression: "*-*-* 01:45:00 Australia/Lord_Howe", zoneName: "Australia/Lord_Howe", time: "01:45",
            days: everyDay, base: "2025-12-31T12:00:00Z", iterations: 800, hasGapNights: false),
        Case(expression: "Sat,Sun *-*-* 23:00:00 Asia/Kolkata", zoneName: "Asia/Kolkata", time: "23:00",
            days: [.saturday, .sunday], base: "2025-12-31T12:00:00Z", iterations: 300, hasGapNights: false),
        // São Paulo sprang forward at midnight until 2019: 00:00 itself did not exist.
        Case(expression: "*-*-* 00:00:00 America/Sao_Paulo", zoneName: "America/Sao_Paulo", time: "00:00",
            days: everyDay, base: "2015-01-01T12:00:00Z", iterations: 1600, hasGapNights: true),
        // Samoa skipped 2011-12-30 entirely.
        Case(expression: "*-*-* 22:30:00 Pacific/Apia", zoneName: "Pacific/Apia", time: "22:30", days: everyDay,
            base: "2011-12-20T00:00:00Z", iterations: 30, hasGapNights: true),
    ]

    @Test("the same starts as systemd, but on gap nights", arguments: cases)
    func agreement(testCase: Case) throws {
        let program = findProgram(["/usr/bin/systemd-analyze", "/bin/systemd-analyze"])
        let analyze = try #require(
            program, "systemd-analyze is needed for this test (Debian: apt-get install systemd; the bootstrap script does)")
        let base = epoch(testCase.base)
        let arguments = ["calendar", "--iterations=\(testCase.iterations)", "--base-time=@\(base)", testCase.expression]
        let run = try #require(
            runProgram(analyze, arguments, environment: ["TZ=UTC", "LC_ALL=C", "PATH=/usr/bin:/bin", "SYSTEMD_COLORS=0"]))
        #expect(run.status == 0, "systemd-analyze \(arguments): \(run.output)")
        let theirs = Self.elapses(in: run.output)
        try #require(theirs.count == testCase.iterations, "expected \(testCase.iterations) elapses in:\n\(run.output)")

        var overrides: [Weekday: String] = [:]
        for day in Weekday.allCases where !testCase.days.contains(day) { overrides[day] = "off" }
        let schedule = try nightly(testCase.time, overrides, in: testCase.zoneName)
        var ours: [ScheduledStart] = []
        var instant = base
        while ours.count < testCase.iterations, let next = schedule.nextStart(after: instant) {
            ours.append(next)
            instant = next.epochSeconds
        }

        // Every night but gap nights: the very same instants, in order.
        let rules = try zone(testCase.zoneName)
        let regular = ours.filter { !$0.isShiftedByGap }.map(\.epochSeconds)
        #expect(ours.count == testCase.iterations && theirs.count >= regular.count)
        if let (index, (their, our)) = zip(theirs, regular).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("""
                \(testCase.expression): elapse #\(index + 1) differs: systemd \(rules.localTime(at: their)), \
                winddown \(rules.localTime(at: our))
                """)
        }

        // Gap nights: ours runs at the end of the gap; systemd has nothing that local day.
        let gaps = ours.filter(\.isShiftedByGap)
        #expect(gaps.isEmpty != testCase.hasGapNights, "gap nights: \(gaps.map(\.timestamp))")
        let theirDays = Set(theirs.map { rules.localTime(at: $0) }.map { "\($0.year)-\($0.month)-\($0.day)" })
        for gap in gaps {
            #expect(rules.utcOffset(at: gap.epochSeconds - 1) < gap.utcOffset, "\(gap.timestamp) is not at a jump forward")
            #expect(!theirDays.contains("\(gap.day.year)-\(gap.day.month)-\(gap.day.day)"), "systemd runs on \(gap.day)")
        }
    }

    /// The instants in `Next elapse: Mon 2026-03-30 00:30:00 UTC` and
    /// `Iter. #2: Tue 2026-03-31 00:30:00 UTC` lines.
    static func elapses(in output: String) -> [Int64] {
        output.split(separator: "\n").compactMap { line in
            guard line.contains("Next elapse:") || line.contains("Iter. #") else { return nil }
            let words = line.split(separator: " ")
            guard words.count >= 3, words.last == "UTC" else { return nil }
            let date = words[words.count - 3]
            let time = words[words.count - 2]
            return ControlTimestamp(parsing: "\(date)T\(time)Z")?.epochSeconds
        }
    }
}
