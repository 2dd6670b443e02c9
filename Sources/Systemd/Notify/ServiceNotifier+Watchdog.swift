import CSystemd

extension ServiceNotifier {
    /// The watchdog timeout systemd set (`WATCHDOG_USEC`), or `nil` when no
    /// watchdog is set for this process (unset, or `WATCHDOG_PID` names
    /// another process). Throws when `WATCHDOG_USEC` is malformed.
    public var watchdogTimeout: Duration? {
        get throws(SystemdError) {
            var usec: UInt64 = 0
            let enabled = try check(sd_watchdog_enabled(0, &usec), "sd_watchdog_enabled", context: "WATCHDOG_USEC")
            guard enabled > 0, usec > 0 else { return nil }
            return .microseconds(Int64(clamping: usec))
        }
    }

    /// How often to send `WATCHDOG=1`: half of `watchdogTimeout`, as
    /// sd_watchdog_enabled(3) recommends. `nil` when no watchdog is set.
    public var watchdogInterval: Duration? {
        get throws(SystemdError) {
            try watchdogTimeout.map { $0 / 2 }
        }
    }
}
