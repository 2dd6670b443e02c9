extension ZoneRules {
    /// The wall-clock date and time at `epochSeconds`, with its offset.
    public func localTime(at epochSeconds: Int64) -> ControlTimestamp {
        ControlTimestamp(epochSeconds: epochSeconds, utcOffset: utcOffset(at: epochSeconds))
    }

    /// The instants at which the wall clock reads this local date and time,
    /// ascending: none in a spring-forward gap, two in a fall-back overlap,
    /// else one. Nil for an impossible date or time.
    public func instants(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) -> [Int64]? {
        guard let date = LocalDate(year: year, month: month, day: day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return instants(localSeconds: Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    /// The instants at which the wall clock reads `localSeconds` (seconds
    /// since 1970-01-01T00:00 local time), ascending.
    func instants(localSeconds: Int64) -> [Int64] {
        let found = Set(nearbyOffsets(localSeconds: localSeconds).map { localSeconds - Int64($0) })
        return found.filter { utcOffset(at: $0) == Int(localSeconds - $0) }.sorted()
    }

    /// The first instant at or after which the wall clock has passed
    /// `localSeconds`: the first instant that reads it, or, when a
    /// spring-forward gap skips it, the transition that skips it.
    func firstInstant(atOrAfterLocal localSeconds: Int64) -> Int64 {
        if let first = instants(localSeconds: localSeconds).first { return first }
        // In a gap: the transition before which the clock read less and
        // after which it reads more.
        for transition in transitionsNear(localSeconds: localSeconds) {
            let before = transition + Int64(utcOffset(at: transition - 1))
            let after = transition + Int64(utcOffset(at: transition))
            if before <= localSeconds && localSeconds < after { return transition }
        }
        // Unreachable for well-formed rules; the plain reading is a safe answer.
        return localSeconds - Int64(utcOffset(at: localSeconds))
    }

    /// Offsets from UTC that can hold within a day and a bit of the instant
    /// whose wall time is `localSeconds`: every real offset lies within ±26 h.
    private func nearbyOffsets(localSeconds: Int64) -> [Int] {
        [utcOffset(at: localSeconds - Self.reach)] + transitionsNear(localSeconds: localSeconds).map { utcOffset(at: $0) }
    }

    /// The transitions between 30 h before and 30 h after `localSeconds` read as UTC (bounded).
    private func transitionsNear(localSeconds: Int64) -> [Int64] {
        var found: [Int64] = []
        var instant = localSeconds - Self.reach
        while found.count < 16, let next = nextTransition(after: instant), next <= localSeconds + Self.reach {
            found.append(next)
            instant = next
        }
        return found
    }

    private static let reach: Int64 = 30 * 3600
}
