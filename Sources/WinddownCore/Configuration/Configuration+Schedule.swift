extension Configuration {
    /// `[schedule]`: when the nightly session starts.
    public struct Schedule: Equatable, Sendable {
        /// `schedule.enabled`: whether the nightly session runs at all.
        public var enabled: Bool
        /// `schedule.time`: the start time on every day without an override.
        public var time: ClockTime
        /// `schedule.mon` … `schedule.sun`: days that start at another time,
        /// or not at all. A day missing from the dictionary uses `time`.
        public var weekdayOverrides: [Weekday: WeekdayOverride]
        /// `schedule.timezone`: an IANA zone name such as `"Europe/Berlin"`;
        /// nil means the system's zone.
        public var timezone: String?
        /// `schedule.grace`: a start missed by up to this much (the machine
        /// was asleep, the daemon restarting) still runs late.
        public var grace: Duration

        /// The start time planned for `day`, or nil when that day is `"off"`.
        /// Does not look at `enabled`: turning the whole schedule off is the
        /// scheduler's business.
        public func plannedStart(on day: Weekday) -> ClockTime? {
            switch weekdayOverrides[day] {
            case nil: time
            case .at(let time): time
            case .off: nil
            case .night(let plan): plan.time ?? time
            }
        }

        /// What `day`'s table changes about its night, if it has one.
        public func night(on day: Weekday) -> NightPlan? {
            if case .night(let plan) = weekdayOverrides[day] { plan } else { nil }
        }
    }
}

extension Configuration.Schedule {
    /// The weekday table of the night that starts at `start` (local time), if that day has one.
    public func night(startingAt start: ControlTimestamp) -> NightPlan? { night(on: start.weekday) }
}
