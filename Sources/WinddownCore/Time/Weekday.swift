/// A day of the week, named by the three-letter key it has under `[schedule]`.
public enum Weekday: String, CaseIterable, Hashable, Sendable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// The configuration key for this day's override, e.g. `schedule.mon`.
    public var configurationKey: String { "schedule.\(rawValue)" }
}
