/// One planned start of the nightly session: the instant, the offset the
/// zone has then, and the local day and time it was planned for.
public struct ScheduledStart: Sendable, Hashable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Local time minus UTC at that instant, in seconds.
    public let utcOffset: Int
    /// The local calendar day the start belongs to; its weekday chose the time.
    public let day: LocalDate
    /// The planned wall-clock time. The wall clock shows it at the start,
    /// except on a night when a spring-forward gap skips it: then the start
    /// is the first instant after the gap.
    public let time: ClockTime

    public init(epochSeconds: Int64, utcOffset: Int, day: LocalDate, time: ClockTime) {
        self.epochSeconds = epochSeconds
        self.utcOffset = utcOffset
        self.day = day
        self.time = time
    }

    /// The start as ISO 8601 local time with its offset, what `next_run` shows.
    public var timestamp: ControlTimestamp { ControlTimestamp(epochSeconds: epochSeconds, utcOffset: utcOffset) }

    /// Whether the wall clock shows another time than the planned one at the
    /// start, because a spring-forward gap skipped the planned time.
    public var isShiftedByGap: Bool {
        let shown = timestamp
        return shown.hour != time.hour || shown.minute != time.minute || shown.second != 0
    }

    public var description: String { timestamp.description }
}
