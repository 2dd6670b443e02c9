/// When to try a lost device again: after 0.5 s, doubling to at most 15 s,
/// so a returning device is heard soon without busy retries. The session's
/// time meanwhile is the pacer's business, not this.
struct DeviceRetry {
    static let firstDelay = 0.5
    static let longestDelay = 15.0

    private var delay = DeviceRetry.firstDelay
    private var nextAttempt: Duration = .zero

    /// The device went away at `time`.
    mutating func lost(at time: Duration) {
        delay = Self.firstDelay
        nextAttempt = time + .milliseconds(Int64(delay * 1000))
    }

    /// Plans the next attempt after a failed one; returns the wait in seconds.
    mutating func scheduleNextAttempt(after time: Duration) -> Double {
        let wait = delay
        nextAttempt = time + .milliseconds(Int64(wait * 1000))
        delay = min(delay * 2, Self.longestDelay)
        return wait
    }

    mutating func reset() { delay = Self.firstDelay }

    func isDue(at time: Duration) -> Bool { time >= nextAttempt }
}
