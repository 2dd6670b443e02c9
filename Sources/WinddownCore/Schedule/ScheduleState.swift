/// What the scheduler remembers across restarts (kept in the state folder):
/// the last planned start it dealt with, a pending snooze, and the switch
/// `schedule on` / `schedule off` set.
public struct ScheduleState: Equatable, Sendable {
    /// The planned start (epoch seconds) most recently dealt with: run,
    /// skipped as too late, or snoozed. A start at or before it never runs
    /// again, so a restart a minute after 22:30 does not start a second session.
    public var lastHandled: Int64?
    /// Planned starts up to and including this instant are skipped (`snooze`).
    public var snoozedThrough: Int64?
    /// `schedule on` / `schedule off`; nil: `schedule.enabled` decides.
    public var enabledOverride: Bool?
    /// `schedule.enabled` as it was when the override was set. An edit of
    /// that key is a newer decision than the old command, and wins.
    public var configuredEnabled: Bool?

    public init(
        lastHandled: Int64? = nil, snoozedThrough: Int64? = nil, enabledOverride: Bool? = nil, configuredEnabled: Bool? = nil
    ) {
        self.lastHandled = lastHandled
        self.snoozedThrough = snoozedThrough
        self.enabledOverride = enabledOverride
        self.configuredEnabled = configuredEnabled
    }

    /// Whether the nightly schedule runs, given `schedule.enabled`.
    public func isEnabled(configured: Bool) -> Bool {
        guard let enabledOverride, configuredEnabled == configured else { return configured }
        return enabledOverride
    }

    /// Records `schedule on` / `schedule off`.
    public mutating func setEnabled(_ enabled: Bool, configured: Bool) {
        enabledOverride = enabled
        configuredEnabled = configured
    }
}
