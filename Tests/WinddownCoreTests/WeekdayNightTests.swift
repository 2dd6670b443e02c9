import Testing
import WinddownCore

@Suite("A weekday's own night: schedule.mon = { time, routine, duration, sound }")
struct WeekdayNightTests {
    @Test("a table sets that night's time, routine, length and sound; other days keep the main settings")
    func table() throws {
        let text = """
            [schedule]
            time = "22:30"
            fri = { time = "23:15", routine = "quick", duration = "10m", sound = "rain" }
            sat = { routine = "acupressure" }
            sun = "off"
            """
        let configuration = try Configuration.parse(text, file: "w.toml")
        let schedule = configuration.schedule
        #expect(schedule.plannedStart(on: .friday) == ClockTime(hour: 23, minute: 15))
        #expect(schedule.plannedStart(on: .saturday) == ClockTime(hour: 22, minute: 30))
        #expect(schedule.plannedStart(on: .sunday) == nil)
        #expect(schedule.night(on: .friday) == NightPlan(
            time: ClockTime(hour: 23, minute: 15), routine: .named("quick"), duration: .seconds(600), sound: .builtIn(.rain)))
        #expect(schedule.night(on: .monday) == nil)

        // Friday 2026-12-04 23:15 in UTC+1: that night is Friday's.
        let friday = ControlTimestamp(epochSeconds: 1_796_422_500, utcOffset: 3600)
        #expect(NextNight(configuration, startingAt: friday).description == "quick, 10m, rain")
        let monday = ControlTimestamp(epochSeconds: 1_796_422_500 + 3 * 86_400, utcOffset: 3600)
        #expect(NextNight(configuration, startingAt: monday).description == "foot-massage, 15m, brown")
        let saturday = ControlTimestamp(epochSeconds: 1_796_422_500 + 86_400, utcOffset: 3600)
        #expect(NextNight(configuration, startingAt: saturday).description == "acupressure, 15m, brown")
    }

    @Test("a table with an unknown key, a wrong type or a duration out of range names the day, the file and the line", arguments: [
        ("fri = { time = \"23:15\", lights = 3 }", "unknown key \"lights\" in the day's table"),
        ("fri = { duration = 10 }", "duration: expected a string like \"10m\", found integer 10"),
        ("fri = { time = \"25:00\" }", "time: \"25:00\""),
        ("fri = { duration = \"2h\" }", "duration must be from 5m to 1h, found 2h"),
        ("fri = { routine = \"\" }", "routine: is empty"),
    ])
    func bad(line: String, expected: String) {
        do {
            _ = try Configuration.parse("[schedule]\n\(line)\n", file: "w.toml")
            Issue.record("accepted \(line)")
        } catch {
            let text = error.problems.map(\.description).joined(separator: "\n")
            #expect(text.contains("schedule.fri"), "\(text)")
            #expect(text.contains(expected), "\(text)")
            #expect(text.contains("w.toml"), "\(text)")
        }
    }

    @Test("the next night travels in status and next answers, and is read back")
    func json() throws {
        let night = NextNight(routine: "quick", duration: .seconds(600), sound: "rain")
        #expect(NextNight(json: night.toJSON()) == night)
        var report = StatusReport(state: .idle, nextRun: ControlTimestamp(epochSeconds: 0, utcOffset: 0), volume: 20)
        report.nextNight = night
        let back = try StatusReport(json: report.toJSON())
        #expect(back.nextNight == night)
        #expect(StatusText.lines(back).contains { $0 == "plan:      quick, 10m, rain" })
    }
}
