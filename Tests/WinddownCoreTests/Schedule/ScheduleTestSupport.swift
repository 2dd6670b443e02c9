#if canImport(Glibc)
    import Glibc
#endif
import Testing
import WinddownCore

/// The rules of a real zone from the system's tzdata.
func zone(_ name: String) throws -> ZoneRules {
    do {
        return try ZoneInfo.rules(named: name)
    } catch {
        Issue.record("cannot load \(name) from \(ZoneInfo.defaultRoot) (is tzdata installed?): \(error)")
        throw error
    }
}

/// Seconds since the epoch of an ISO 8601 time with offset, `2026-03-29T03:00:00+02:00`.
func epoch(_ text: String) -> Int64 {
    guard let time = ControlTimestamp(parsing: text) else { fatalError("bad timestamp in a test: \(text)") }
    return time.epochSeconds
}

/// A schedule at `time` every day but the `overrides` ("HH:MM" or "off"), in `zoneName`.
func nightly(_ time: String = "22:30", _ overrides: [Weekday: String] = [:], in zoneName: String) throws -> NightlySchedule {
    var schedule = Configuration.defaults.schedule
    schedule.time = try ClockTime(parsing: time)
    for (day, text) in overrides { schedule.weekdayOverrides[day] = try WeekdayOverride(parsing: text) }
    return NightlySchedule(schedule, rules: try zone(zoneName))
}

/// The first `count` starts after `epochSeconds`, as ISO 8601 text.
func starts(of schedule: NightlySchedule, after epochSeconds: Int64, count: Int) -> [String] {
    var found: [String] = []
    var instant = epochSeconds
    while found.count < count, let next = schedule.nextStart(after: instant) {
        found.append(next.timestamp.description)
        instant = next.epochSeconds
    }
    return found
}

/// SplitMix64: a small deterministic generator, so a failing case can be rerun.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
