#if canImport(Glibc)
    import Glibc
#endif

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
}
