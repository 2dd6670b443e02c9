#if canImport(Glibc)
    import Glibc
#endif
import Clocks

/// A pthread mutex with a condition on the monotonic clock: what the
/// dimming driver and a session's thread sleep on until a deadline or an event.
final class ConditionLock: @unchecked Sendable {
    // @unchecked: pthread mutexes and conditions are thread-safe; the memory lives as long as the object.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// With the lock held: sleeps until signalled.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// With the lock held: sleeps until signalled or the monotonic instant
    /// `deadline`; false when the deadline passed.
    func wait(until deadline: Duration) -> Bool {
        var time = SystemClock.timeSpec(of: max(.zero, deadline))
        return pthread_cond_timedwait(condition, mutex, &time) != ETIMEDOUT
    }

    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }
}

/// Wakes one sleeping thread early: `signal` from anywhere, `wait` on the
/// sleeper. A signal that comes before the wait is not lost.
final class WakeSignal: Sendable {
    private let lock = ConditionLock()
    // Only touched with `lock` held.
    nonisolated(unsafe) private var raised = false

    func signal() {
        lock.withLock {
            raised = true
            lock.broadcast()
        }
    }

    /// Sleeps until signalled or until the monotonic instant `deadline` (nil: no deadline).
    func wait(until deadline: Duration?) {
        lock.withLock {
            while !raised {
                if let deadline {
                    if !lock.wait(until: deadline) { break }
                } else {
                    lock.wait()
                }
            }
            raised = false
        }
    }
}
