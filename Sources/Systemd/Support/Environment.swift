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
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
