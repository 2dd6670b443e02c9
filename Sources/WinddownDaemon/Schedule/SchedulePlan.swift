import WinddownCore

/// The schedule as configured, ready to decide with: the planner over the
/// nightly starts in the schedule's time zone.
struct SchedulePlan: Sendable {
    let planner: SchedulePlanner
    let zone: ZoneRules
    /// The zone's name, for the log.
    let zoneName: String
    /// `schedule.timezone` was not set: the system's zone, re-read when it changes.
    let followsSystemZone: Bool
    /// The configuration it was made from.
    let schedule: Configuration.Schedule

    /// `schedule.enabled`.
    var configuredEnabled: Bool { schedule.enabled }

    /// Loads the zone `schedule.timezone` names, or the system's.
    static func make(_ schedule: Configuration.Schedule, environment: [String: String]) throws(ZoneRulesError) -> SchedulePlan {
        let zone: (name: String, rules: ZoneRules)
        if let name = schedule.timezone {
            zone = (name, try ZoneInfo.rules(named: name))
        } else {
            zone = ZoneInfo.systemZone(environment: environment)
        }
        let starts = NightlySchedule(schedule, rules: zone.rules)
        return SchedulePlan(
            planner: SchedulePlanner(starts: starts, graceSeconds: schedule.grace.components.seconds),
            zone: zone.rules, zoneName: zone.name, followsSystemZone: schedule.timezone == nil, schedule: schedule)
    }

    func timestamp(_ epochSeconds: Int64) -> ControlTimestamp {
        ControlTimestamp(epochSeconds: epochSeconds, utcOffset: zone.utcOffset(at: epochSeconds))
    }
}
