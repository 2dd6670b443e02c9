/// One kind of local time a zone uses: an offset from UTC, whether it is
/// daylight-saving time, and its abbreviation (`CEST`, `+1030`).
struct LocalTimeType: Hashable, Sendable {
    /// Local time minus UTC, in seconds.
    var utcOffset: Int
    var isDaylightSaving: Bool
    var abbreviation: String
}
