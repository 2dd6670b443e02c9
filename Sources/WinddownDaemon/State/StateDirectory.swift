#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

extension StateDirectory {
    /// Creates the folder (0750) and its parents when missing.
    public static func ensure(_ path: String) -> Bool {
        Folders.create(path, mode: 0o750) == nil
    }
}

/// The local time's offset from UTC, in seconds, at `epochSeconds`.
enum LocalTime {
    static func now() -> (epochSeconds: Int64, utcOffset: Int) {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return (Int64(seconds), parts.tm_gmtoff)
    }
}
