/// When the nightly session starts, as instants: the configured times
/// (`schedule.time` and the weekday overrides) read in a zone's rules.
///
/// Pure: no clock, no files. A weekday's time applies to starts on that
/// local calendar day. A time that a spring-forward gap skips runs at the
/// first instant after it (the transition itself); a time that a fall-back
/// overlap repeats runs once, at its first occurrence. `schedule.enabled`
/// is not looked at: turning the schedule off or snoozing is the daemon's.
public struct NightlySchedule: Sendable, Equatable {
    /// The start time of each weekday, nil for a day that is `"off"`.
    public let times: [Weekday: ClockTime]
    public let rules: ZoneRules

    public init(_ schedule: Configuration.Schedule, rules: ZoneRules) {
        var times: [Weekday: ClockTime] = [:]
        for day in Weekday.allCases { times[day] = schedule.plannedStart(on: day) }
        self.times = times
        self.rules = rules
    }

    /// The first planned start strictly after `epochSeconds`; nil only when
    /// every weekday is `"off"`.
    public func nextStart(after epochSeconds: Int64) -> ScheduledStart? {
        let today = localDay(of: epochSeconds)
        // A week and a bit ahead holds every weekday; a day behind covers a
        // start that the zone's offset puts after the instant.
        return (today - 1...today + 8).lazy.compactMap(start(onDay:)).filter { $0.epochSeconds > epochSeconds }
            .min { $0.epochSeconds < $1.epochSeconds }
    }

    /// The most recent planned start at or before `epochSeconds`; nil only
    /// when every weekday is `"off"`.
    public func latestStart(atOrBefore epochSeconds: Int64) -> ScheduledStart? {
        let today = localDay(of: epochSeconds)
        return (today - 8...today + 1).lazy.compactMap(start(onDay:)).filter { $0.epochSeconds <= epochSeconds }
            .max { $0.epochSeconds < $1.epochSeconds }
    }

    /// The planned start on `date`, or nil when that day is `"off"`.
    public func start(on date: LocalDate) -> ScheduledStart? { start(onDay: date.dayNumber) }

    /// The planned start on the local day `dayNumber` days after 1970-01-01.
    func start(onDay dayNumber: Int) -> ScheduledStart? {
        let date = LocalDate(dayNumber: dayNumber)
        guard let time = times[date.weekday] else { return nil }
        let local = Int64(dayNumber) * 86_400 + Int64(time.minutesSinceMidnight * 60)
        let instant = rules.firstInstant(atOrAfterLocal: local)
        return ScheduledStart(epochSeconds: instant, utcOffset: rules.utcOffset(at: instant), day: date, time: time)
    }

    /// The local day (days since 1970-01-01) in which `epochSeconds` falls.
    private func localDay(of epochSeconds: Int64) -> Int {
        Int((epochSeconds + Int64(rules.utcOffset(at: epochSeconds))).dividedRoundingDown(by: 86_400))
    }
}
