/// A calendar date where the person is, with its day of the week: the
/// local day a scheduled start belongs to.
public struct LocalDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 to 12.
    public let month: Int
    /// 1 to the month's length.
    public let day: Int
    public let weekday: Weekday

    /// Nil for a date that does not exist, such as February 29 of 2027.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilCalendar.length(ofMonth: month, year: year)).contains(day) else {
            return nil
        }
        self.init(dayNumber: CivilCalendar.days(year: year, month: month, day: day))
    }

    /// The date `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        (year, month, day) = CivilCalendar.date(fromDays: dayNumber)
        weekday = CivilCalendar.weekday(ofDay: dayNumber)
    }

    /// Days from 1970-01-01 to this date.
    var dayNumber: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// `2026-03-29`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
