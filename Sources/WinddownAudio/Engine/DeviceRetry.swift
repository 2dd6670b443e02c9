/// Pacing and back-off while no device is open: where the session's clock
/// should be by now, and when to try the device again (0.5 s, doubling to
/// at most 15 s, so a returning device is heard soon without busy retries).
struct DeviceRetry {
    static let firstDelay = 0.5
    static let longestDelay = 15.0

    private var delay = DeviceRetry.firstDelay
    private var nextAttempt: Int64 = 0
    private var anchorTime: Int64 = 0
    private var anchorPosition: Int64 = 0
    private var sampleRate = 48_000

    /// The device went away at `time` when the mix was at `position`.
    mutating func lost(at time: Int64, position: Int64, sampleRate: Int) {
        anchorTime = time
        anchorPosition = position
        self.sampleRate = max(1, sampleRate)
        delay = Self.firstDelay
        nextAttempt = time + Int64(delay * 1e9)
    }

    /// Plans the next attempt after a failed one; returns the wait in seconds.
    mutating func scheduleNextAttempt(after time: Int64) -> Double {
        let wait = delay
        nextAttempt = time + Int64(wait * 1e9)
        delay = min(delay * 2, Self.longestDelay)
        return wait
    }

    mutating func reset() { delay = Self.firstDelay }

    func isDue(at time: Int64) -> Bool { time >= nextAttempt }

    /// Frames the mix is behind the session's clock at `time`: opening a
    /// device can block (a sound server that is still starting), and that
    /// time must not be lost from the session.
    func framesBehind(at time: Int64, position: Int64) -> Int64 {
        max(0, (time - anchorTime) * Int64(sampleRate) / 1_000_000_000 - (position - anchorPosition))
    }

    /// The monotonic instant at which the mix should reach `position`.
    func deadline(forPosition position: Int64) -> Int64 {
        anchorTime + (position - anchorPosition) * 1_000_000_000 / Int64(sampleRate)
    }
}
