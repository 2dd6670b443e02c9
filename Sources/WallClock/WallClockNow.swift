#if canImport(Glibc)
    import Glibc
#endif
import CLinux

/// The wall clock read precisely.
public enum WallClockNow {
    /// Seconds and nanoseconds since 1970-01-01 UTC.
    public static func read() -> (seconds: Int64, nanoseconds: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (Int64(now.tv_sec), now.tv_nsec)
    }
}
