/// The run of nights, newest first, on which a session completed.
public struct SessionStreak: Equatable, Sendable, CustomStringConvertible {
    /// Nights in a row with a completed session.
    public var nights: Int
    /// True when the streak goes back to the oldest night in the history
    /// given, so it may be longer than `nights`.
    public var reachesOldest: Bool

    public init(nights: Int, reachesOldest: Bool) {
        self.nights = nights
        self.reachesOldest = reachesOldest
    }

    /// The current streak in `entries` (any order). A night (see
    /// `ControlTimestamp.nightNumber`) counts when at least one of its
    /// sessions completed; a night with only stopped or failed sessions, or
    /// with none at all, ends the streak. With `tonight` (the night number
    /// of now), a streak whose last night is before yesterday's is over.
    public static func current(in entries: [HistoryEntry], tonight: Int? = nil) -> SessionStreak {
        var completedNights: Set<Int> = []
        var anyNights: Set<Int> = []
        for entry in entries {
            anyNights.insert(entry.started.nightNumber)
            if entry.outcome == .completed { completedNights.insert(entry.started.nightNumber) }
        }
        guard let newest = anyNights.max(), let oldest = anyNights.min() else {
            return SessionStreak(nights: 0, reachesOldest: false)
        }
        if let tonight, newest < tonight - 1 { return SessionStreak(nights: 0, reachesOldest: false) }
        var night = newest
        var nights = 0
        while completedNights.contains(night) {
            nights += 1
            night -= 1
        }
        return SessionStreak(nights: nights, reachesOldest: nights > 0 && night < oldest)
    }

    /// `"1 completed night"`, `"3 completed nights in a row"`, `"10+ completed nights in a row"`.
    public var description: String {
        if nights == 1 && !reachesOldest { return "1 completed night" }
        return "\(nights)\(reachesOldest ? "+" : "") completed nights in a row"
    }
}
