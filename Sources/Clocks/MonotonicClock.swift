#if canImport(Glibc)
    public import Glibc
#endif

/// The one clock a session keeps time by: CLOCK_MONOTONIC, which never
/// jumps when the wall clock is set and stops while the machine sleeps.
/// A protocol so the audio engine and the session's executor can be run
/// on a clock a test moves by hand.
public protocol MonotonicClock: Sendable {
    /// Time since an arbitrary fixed point in the past.
    func now() -> Duration
    /// Blocks the calling thread until `now()` has reached `deadline`.
    func sleep(until deadline: Duration)
}

/// CLOCK_MONOTONIC itself.
public struct SystemClock: MonotonicClock {
    public init() {}

    public func now() -> Duration { Self.now() }

    public func sleep(until deadline: Duration) {
        var time = Self.timeSpec(of: max(.zero, deadline))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }

    /// Sleeps for `duration` (nothing for zero or less).
    public func sleep(for duration: Duration) {
        guard duration > .zero else { return }
        sleep(until: now() + duration)
    }

    public static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// `instant` as the timespec that pthread and nanosleep calls take.
    public static func timeSpec(of instant: Duration) -> timespec {
        let (seconds, attoseconds) = instant.components
        return timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    }
}

extension Duration {
    /// Whole nanoseconds, saturating (for counters kept as integers).
    public var nanosecondsCount: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
