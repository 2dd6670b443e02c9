import Testing
import WinddownCore

@Suite("The nightly schedule")
struct NightlyScheduleTests {
    @Test("starts around daylight-saving transitions", arguments: [
        // Berlin springs forward at 02:00: 02:30 does not exist and runs at 03:00 CEST.
        ("Europe/Berlin", "02:30", "2026-03-28T12:00:00+01:00", ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"]),
        // Berlin falls back at 03:00: 02:30 happens twice and runs once, at the first (CEST).
        ("Europe/Berlin", "02:30", "2026-10-24T12:00:00+02:00", ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]),
        // An evening time is untouched by either change.
        ("Europe/Berlin", "22:30", "2026-03-28T12:00:00+01:00", ["2026-03-28T22:30:00+01:00", "2026-03-29T22:30:00+02:00"]),
        ("Europe/Berlin", "22:30", "2026-10-24T12:00:00+02:00", ["2026-10-24T22:30:00+02:00", "2026-10-25T22:30:00+01:00"]),
        ("America/New_York", "02:30", "2026-03-07T12:00:00-05:00", ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]),
        ("America/New_York", "01:30", "2026-10-31T12:00:00-04:00", ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
        // Lord Howe moves by half an hour: 02:00 to 02:30 in October, 02:00 back to 01:30 in April.
        ("Australia/Lord_Howe", "02:15", "2026-10-03T12:00:00+10:30", ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"]),
        ("Australia/Lord_Howe", "01:45", "2026-04-04T12:00:00+11:00", ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"]),
        ("Australia/Lord_Howe", "02:15", "2026-04-04T12:00:00+11:00", ["2026-04-05T02:15:00+10:30", "2026-04-06T02:15:00+10:30"]),
        // No daylight-saving time at all.
        ("Asia/Kolkata", "22:30", "2026-03-28T12:00:00+05:30", ["2026-03-28T22:30:00+05:30", "2026-03-29T22:30:00+05:30"]),
        ("Asia/Tokyo", "00:00", "2026-12-31T12:00:00+09:00", ["2027-01-01T00:00:00+09:00", "2027-01-02T00:00:00+09:00"]),
        // Far beyond the table: the footer rule decides.
        ("Europe/Berlin", "02:30", "2099-03-28T12:00:00+01:00", ["2099-03-29T03:00:00+02:00", "2099-03-30T02:30:00+02:00"]),
        ("Europe/Berlin", "02:30", "2099-10-24T12:00:00+02:00", ["2099-10-25T02:30:00+02:00", "2099-10-26T02:30:00+01:00"]),
        ("America/New_York", "02:30", "2150-03-07T12:00:00-05:00", ["2150-03-08T03:00:00-04:00", "2150-03-09T02:30:00-04:00"]),
        // Samoa skipped December 30, 2011: that day's start runs when the day after begins.
        ("Pacific/Apia", "22:30", "2011-12-29T12:00:00-10:00",
            ["2011-12-29T22:30:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T22:30:00+14:00"]),
    ])
    func transitions(zoneName: String, time: String, after: String, expected: [String]) throws {
        let schedule = try nightly(time, in: zoneName)
        #expect(starts(of: schedule, after: epoch(after), count: expected.count) == expected)
    }

    @Test("a start in a spring-forward gap keeps its day and planned time")
    func gapStart() throws {
        let start = try #require(try nightly("02:30", in: "Europe/Berlin").nextStart(after: epoch("2026-03-28T12:00:00+01:00")))
        #expect(start.epochSeconds == 1_774_746_000)
        #expect(start.utcOffset == 7200)
        #expect(start.day == LocalDate(year: 2026, month: 3, day: 29))
        #expect(start.day.weekday == .sunday)
        #expect(start.time == ClockTime(hour: 2, minute: 30))
        #expect(start.isShiftedByGap)
        #expect(start.timestamp.description == "2026-03-29T03:00:00+02:00")
    }

    @Test("the second occurrence of a repeated time is never a start")
    func secondOccurrence() throws {
        let schedule = try nightly("02:30", in: "Europe/Berlin")
        let first = epoch("2026-10-25T02:30:00+02:00")
        let second = epoch("2026-10-25T02:30:00+01:00")
        #expect(schedule.nextStart(after: first)?.timestamp.description == "2026-10-26T02:30:00+01:00")
        #expect(schedule.nextStart(after: second - 1)?.timestamp.description == "2026-10-26T02:30:00+01:00")
        #expect(schedule.latestStart(atOrBefore: second)?.epochSeconds == first)
        #expect(schedule.nextStart(after: first - 1)?.isShiftedByGap == false)
    }

    @Test("weekday overrides across the year end")
    func yearEnd() throws {
        let schedule = try nightly("22:30", [.thursday: "23:45", .friday: "00:15"], in: "Europe/Berlin")
        #expect(starts(of: schedule, after: epoch("2026-12-31T12:00:00+01:00"), count: 3) == [
            "2026-12-31T23:45:00+01:00", "2027-01-01T00:15:00+01:00", "2027-01-02T22:30:00+01:00",
        ])
        let newYear = try #require(schedule.nextStart(after: epoch("2026-12-31T23:45:00+01:00")))
        #expect(newYear.day == LocalDate(year: 2027, month: 1, day: 1))
        #expect(newYear.day.weekday == .friday)
        #expect(schedule.latestStart(atOrBefore: epoch("2027-01-01T00:14:59+01:00"))?.timestamp.description
            == "2026-12-31T23:45:00+01:00")
    }

    @Test("a leap day is a Tuesday like any other")
    func leapDay() throws {
        let schedule = try nightly("22:30", [.tuesday: "21:00"], in: "Europe/Berlin")
        #expect(starts(of: schedule, after: epoch("2028-02-28T23:00:00+01:00"), count: 2) == [
            "2028-02-29T21:00:00+01:00", "2028-03-01T22:30:00+01:00",
        ])
        #expect(schedule.nextStart(after: epoch("2028-02-28T23:00:00+01:00"))?.day.description == "2028-02-29")
    }

    @Test("days that are off are skipped; all days off means no start")
    func offDays() throws {
        let weekdays = try nightly("22:30", [.saturday: "off", .sunday: "off"], in: "Europe/Berlin")
        #expect(weekdays.nextStart(after: epoch("2026-11-27T23:00:00+01:00"))?.timestamp.description
            == "2026-11-30T22:30:00+01:00")
        #expect(weekdays.latestStart(atOrBefore: epoch("2026-11-30T12:00:00+01:00"))?.timestamp.description
            == "2026-11-27T22:30:00+01:00")
        let once = try nightly("22:30", [.monday: "off", .tuesday: "off", .wednesday: "off", .thursday: "off",
            .friday: "off", .saturday: "off"], in: "America/New_York")
        #expect(once.nextStart(after: epoch("2026-11-29T22:30:00-05:00"))?.timestamp.description
            == "2026-12-06T22:30:00-05:00")
        #expect(once.latestStart(atOrBefore: epoch("2026-12-06T22:29:59-05:00"))?.timestamp.description
            == "2026-11-29T22:30:00-05:00")
        var never: [Weekday: String] = [:]
        for day in Weekday.allCases { never[day] = "off" }
        let none = try nightly("22:30", never, in: "Europe/Berlin")
        #expect(none.nextStart(after: epoch("2026-11-27T23:00:00+01:00")) == nil)
        #expect(none.latestStart(atOrBefore: epoch("2026-11-27T23:00:00+01:00")) == nil)
    }

    @Test("an instant exactly at a start: the next is strictly after, the latest includes it")
    func exactlyAtStart() throws {
        let schedule = try nightly("22:30", in: "Europe/Berlin")
        let start = epoch("2026-05-05T22:30:00+02:00")
        #expect(schedule.nextStart(after: start)?.timestamp.description == "2026-05-06T22:30:00+02:00")
        #expect(schedule.nextStart(after: start - 1)?.epochSeconds == start)
        #expect(schedule.latestStart(atOrBefore: start)?.epochSeconds == start)
        #expect(schedule.latestStart(atOrBefore: start - 1)?.timestamp.description == "2026-05-04T22:30:00+02:00")
    }

    @Test("the latest start around transitions", arguments: [
        ("Europe/Berlin", "02:30", "2026-03-29T03:00:00+02:00", "2026-03-29T03:00:00+02:00"),
        ("Europe/Berlin", "02:30", "2026-03-29T01:59:59+01:00", "2026-03-28T02:30:00+01:00"),
        ("Europe/Berlin", "02:30", "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+02:00"),
        ("America/New_York", "01:30", "2026-11-01T01:30:00-05:00", "2026-11-01T01:30:00-04:00"),
        ("America/New_York", "02:30", "2026-03-08T03:00:00-04:00", "2026-03-08T03:00:00-04:00"),
        ("Australia/Lord_Howe", "01:45", "2026-04-05T01:45:00+10:30", "2026-04-05T01:45:00+11:00"),
        ("Australia/Lord_Howe", "02:15", "2026-10-04T01:59:59+10:30", "2026-10-03T02:15:00+10:30"),
        ("Australia/Lord_Howe", "02:15", "2026-10-04T02:30:00+11:00", "2026-10-04T02:30:00+11:00"),
    ])
    func latest(zoneName: String, time: String, atOrBefore: String, expected: String) throws {
        let schedule = try nightly(time, in: zoneName)
        #expect(schedule.latestStart(atOrBefore: epoch(atOrBefore))?.timestamp.description == expected)
    }

    @Test("instants from 1900 to 2200 always find a start within a week", arguments: [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "America/Sao_Paulo",
    ])
    func centuries(zoneName: String) throws {
        let schedule = try nightly("00:00", [.wednesday: "off"], in: zoneName)
        for text in ["1900-01-01T00:00:00Z", "1901-12-13T20:45:52Z", "1970-01-01T00:00:00Z", "2037-12-31T23:59:59Z",
            "2199-12-31T23:59:59Z", "2200-12-31T00:00:00Z"]
        {
            let instant = epoch(text)
            let next = try #require(schedule.nextStart(after: instant))
            let latest = try #require(schedule.latestStart(atOrBefore: instant))
            #expect(next.epochSeconds > instant && next.epochSeconds - instant <= 8 * 86_400)
            #expect(latest.epochSeconds <= instant && instant - latest.epochSeconds <= 8 * 86_400)
        }
    }

    @Test("local times name none, one or two instants")
    func localInstants() throws {
        let berlin = try zone("Europe/Berlin")
        #expect(berlin.instants(year: 2026, month: 3, day: 29, hour: 2, minute: 30) == [])
        #expect(berlin.instants(year: 2026, month: 3, day: 29, hour: 3, minute: 0) == [1_774_746_000])
        #expect(berlin.instants(year: 2026, month: 10, day: 25, hour: 2, minute: 30)
            == [epoch("2026-10-25T02:30:00+02:00"), epoch("2026-10-25T02:30:00+01:00")])
        #expect(berlin.instants(year: 2026, month: 2, day: 29, hour: 2, minute: 30) == nil)
        let lordHowe = try zone("Australia/Lord_Howe")
        #expect(lordHowe.instants(year: 2026, month: 10, day: 4, hour: 2, minute: 15) == [])
        #expect(lordHowe.instants(year: 2026, month: 4, day: 5, hour: 1, minute: 45)?.count == 2)
        #expect(berlin.localTime(at: 1_774_746_000).description == "2026-03-29T03:00:00+02:00")
    }
}
