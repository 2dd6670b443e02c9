/// The POSIX `TZ` rule a TZif file ends with (RFC 8536 §3.3), such as
/// `CET-1CEST,M3.5.0,M10.5.0/3` or `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`:
/// it gives the local time for every instant after the file's last
/// transition, so 2099 works from a file written in 2024.
struct PosixTimeZone: Hashable, Sendable {
    /// When in a year daylight-saving time begins or ends.
    struct Rule: Hashable, Sendable {
        enum Day: Hashable, Sendable {
            /// `Jn`: day 1 to 365, February 29 never counted.
            case julianNoLeap(Int)
            /// `n`: day 0 to 365, February 29 counted in leap years.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday `d` (0 is Sunday) of week `w` (5 is the last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }

        var day: Day
        /// Seconds after local midnight, in the time that is being left;
        /// -167 h to 167 h as version 3 allows.
        var time: Int

        /// The local day (days since 1970-01-01) the rule names in `year`.
        func dayNumber(in year: Int) -> Int {
            let newYear = CivilCalendar.days(year: year, month: 1, day: 1)
            switch day {
            case .julianNoLeap(let n):
                let leap = CivilCalendar.length(ofMonth: 2, year: year) == 29
                return newYear + n - 1 + (leap && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                return newYear + n
            case .monthWeekDay(let month, let week, let weekday):
                let first = CivilCalendar.days(year: year, month: month, day: 1)
                // 1970-01-01 was a Thursday, day 4 counting from Sunday.
                let firstWeekday = ((first + 4) % 7 + 7) % 7
                var result = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
                while result >= first + CivilCalendar.length(ofMonth: month, year: year) { result -= 7 }
                return result
            }
        }
    }

    /// Daylight-saving time and the rules for entering and leaving it.
    struct DaylightSaving: Hashable, Sendable {
        var type: LocalTimeType
        var start: Rule
        var end: Rule
    }

    var standard: LocalTimeType
    var daylightSaving: DaylightSaving?

    /// A change of local time type at an instant.
    struct Transition {
        var instant: Int64
        var type: LocalTimeType
    }

    /// Both of `year`'s transitions, as UTC instants.
    private func transitions(in year: Int, _ daylight: DaylightSaving) -> [Transition] {
        func instant(_ rule: Rule, leaving offset: Int) -> Int64 {
            Int64(rule.dayNumber(in: year)) * 86_400 + Int64(rule.time) - Int64(offset)
        }
        return [
            Transition(instant: instant(daylight.start, leaving: standard.utcOffset), type: daylight.type),
            Transition(instant: instant(daylight.end, leaving: daylight.type.utcOffset), type: standard),
        ]
    }

    /// The transitions of the years around `epochSeconds`, in order. On a
    /// tie the change to standard time comes first, so that a zone whose
    /// daylight time lasts all year (`EST5EDT,0/0,J365/25`) stays in it.
    private func transitions(around epochSeconds: Int64, _ daylight: DaylightSaving) -> [Transition] {
        let year = CivilCalendar.date(fromDays: Int(epochSeconds.dividedRoundingDown(by: 86_400))).year
        return (year - 2...year + 2).flatMap { transitions(in: $0, daylight) }.sorted {
            $0.instant != $1.instant ? $0.instant < $1.instant : !$0.type.isDaylightSaving && $1.type.isDaylightSaving
        }
    }

    /// The local time type in effect at `epochSeconds`.
    func type(at epochSeconds: Int64) -> LocalTimeType {
        guard let daylight = daylightSaving else { return standard }
        return transitions(around: epochSeconds, daylight).last { $0.instant <= epochSeconds }?.type ?? standard
    }

    /// The first instant after `epochSeconds` at which the rule changes the
    /// local time type, or nil for a zone without daylight-saving time.
    func nextTransition(after epochSeconds: Int64) -> Int64? {
        guard let daylight = daylightSaving else { return nil }
        return transitions(around: epochSeconds, daylight).first { $0.instant > epochSeconds }?.instant
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity.
    func dividedRoundingDown(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
