#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

/// Where the daemon keeps what must outlive it (interface.md):
/// `--state-dir`, else systemd's `STATE_DIRECTORY`, else
/// `/var/lib/winddown` for root and `$XDG_STATE_HOME/winddown` for a user.
public enum StateDirectory {
    public static func path(flag: String?, environment: [String: String] = ProcessEnvironment.current) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let systemd = environment["STATE_DIRECTORY"], !systemd.isEmpty {
            return String(systemd.split(separator: ":").first ?? Substring(systemd))
        }
        if getuid() == 0 { return "/var/lib/winddown" }
        let base = environment["XDG_STATE_HOME"] ?? ((environment["HOME"] ?? "/tmp") + "/.local/state")
        return base + "/winddown"
    }

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
