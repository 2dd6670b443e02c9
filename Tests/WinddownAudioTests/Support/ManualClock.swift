import Clocks
import Synchronization

/// A monotonic clock that moves only when told to, or when someone sleeps on
/// it: `sleep(until:)` jumps the time to the deadline at once. An engine on
/// it runs as fast as the CPU allows while keeping the time it would have
/// kept, so its pacing can be checked without waiting.
final class ManualClock: MonotonicClock {
    private let time = Mutex<Duration>(.seconds(1000))
    private let sleeps = Atomic<Int>(0)

    func now() -> Duration { time.withLock { $0 } }

    func sleep(until deadline: Duration) {
        sleeps.add(1, ordering: .relaxed)
        time.withLock { $0 = max($0, deadline) }
    }

    func advance(by duration: Duration) { time.withLock { $0 += duration } }

    /// How often someone slept on it (the engine's wake-ups).
    var sleepCount: Int { sleeps.load(ordering: .relaxed) }
}
