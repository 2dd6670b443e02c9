import Testing
import WinddownCore

@Suite("The nightly schedule over random instants")
struct NightlySchedulePropertyTests {
    @Test("next and latest starts bracket every instant, at the planned wall time but on gap nights", arguments: [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Apia",
        "Australia/Sydney", "Europe/London",
    ])
    func bracketing(zoneName: String) throws {
        let rules = try zone(zoneName)
        var random = SplitMix64(state: UInt64(zoneName.utf8.count) &* 7919)
        let from = epoch("1970-01-01T00:00:00Z")
        let to = epoch("2100-01-01T00:00:00Z")
        for _ in 0..<300 {
            // A random time, some night off, the others random or the default.
            var schedule = Configuration.defaults.schedule
            schedule.time = try #require(
                ClockTime(hour: Int.random(in: 0...23, using: &random), minute: Int.random(in: 0...59, using: &random)))
            for day in Weekday.allCases {
                switch Int.random(in: 0..<4, using: &random) {
                case 0: schedule.weekdayOverrides[day] = .off
                case 1:
                    let time = try #require(ClockTime(hour: Int.random(in: 0...23, using: &random), minute: 30))
                    schedule.weekdayOverrides[day] = .at(time)
                default: break
                }
            }
            let nightly = NightlySchedule(schedule, rules: rules)
            let instant = Int64.random(in: from...to, using: &random)
            let context = "\(zoneName) at \(instant), \(schedule)"
            guard let next = nightly.nextStart(after: instant) else {
                #expect(Weekday.allCases.allSatisfy { schedule.plannedStart(on: $0) == nil }, "\(context)")
                continue
            }
            let latest = try #require(nightly.latestStart(atOrBefore: instant), "\(context)")
            #expect(next.epochSeconds > instant && next.epochSeconds - instant <= 8 * 86_400, "\(context)")
            #expect(latest.epochSeconds <= instant && instant - latest.epochSeconds <= 8 * 86_400, "\(context)")
            // Nothing starts between the two.
            #expect(nightly.latestStart(atOrBefore: next.epochSeconds - 1) == latest, "\(context)")
            #expect(nightly.latestStart(atOrBefore: next.epochSeconds) == next, "\(context)")
            #expect(nightly.nextStart(after: latest.epochSeconds - 1) == latest, "\(context)")
            #expect(nightly.nextStart(after: latest.epochSeconds) == next, "\(context)")

            for start in [next, latest] {
                #expect(schedule.plannedStart(on: start.day.weekday) == start.time, "\(context)")
                #expect(start.utcOffset == rules.utcOffset(at: start.epochSeconds), "\(context)")
                let wall = rules.localTime(at: start.epochSeconds)
                let onTime = wall.hour == start.time.hour && wall.minute == start.time.minute && wall.second == 0
                    && wall.year == start.day.year && wall.month == start.day.month && wall.day == start.day.day
                if start.isShiftedByGap {
                    // The planned time does not exist that day, and the start is the jump forward.
                    let day = start.day
                    let named = rules.instants(
                        year: day.year, month: day.month, day: day.day, hour: start.time.hour, minute: start.time.minute)
                    #expect(named == [], "\(context)")
                    #expect(rules.utcOffset(at: start.epochSeconds - 1) < start.utcOffset, "\(context)")
                } else {
                    #expect(onTime, "\(context): \(start) is not at \(start.time) on \(start.day)")
                    // The first occurrence of its wall time.
                    let day = start.day
                    let named = rules.instants(
                        year: day.year, month: day.month, day: day.day, hour: start.time.hour, minute: start.time.minute)
                    #expect(named?.first == start.epochSeconds, "\(context)")
                }
            }
        }
    }
}
