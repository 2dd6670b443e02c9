import Clocks
import Glibc

/// Reads of the process environment, the only channel systemd uses to talk to a service.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}

/// CLOCK_MONOTONIC now, in microseconds: the clock systemd's `MONOTONIC_USEC=` refers to.
func monotonicMicroseconds() -> UInt64 {
    UInt64(max(0, SystemClock.now().nanosecondsCount / 1_000))
}
