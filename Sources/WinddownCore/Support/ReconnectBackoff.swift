/// How long to wait before trying a lost connection again: 1 s, then
/// doubling up to `maximum`, back to the start once a try succeeds. The
/// caller keeps the time; this only says how long.
public struct ReconnectBackoff: Sendable, Equatable {
    public let first: Duration
    public let maximum: Duration
    public private(set) var failures = 0

    public init(first: Duration = .seconds(1), maximum: Duration = .seconds(60)) {
        self.first = first
        self.maximum = max(first, maximum)
    }

    /// The wait before the next try, counting this failure.
    public mutating func nextDelay() -> Duration {
        let doublings = min(failures, 30)
        failures += 1
        var delay = first
        for _ in 0..<doublings where delay < maximum { delay = delay * 2 }
        return min(delay, maximum)
    }

    /// Connected: the next loss starts from `first` again.
    public mutating func succeeded() { failures = 0 }

    /// The first failure since the last success: the one worth a log line.
    public var isFirstFailure: Bool { failures == 1 }
}
