/// A time zone's rules: which offset from UTC, and which abbreviation,
/// hold at every instant. Built from the bytes of a TZif file (RFC 8536),
/// as found under `/usr/share/zoneinfo`; `ZoneInfo` loads them by name.
public struct ZoneRules: Equatable, Sendable {
    /// Instants (seconds since 1970-01-01T00:00:00Z) at which the local
    /// time type changes, ascending.
    let transitions: [Int64]
    /// For each transition, the index in `types` of the type it starts.
    let transitionTypes: [Int]
    /// At least one; the first holds before the first transition.
    let types: [LocalTimeType]
    /// Holds after the last transition (or always, when there is none).
    let footer: PosixTimeZone?

    init(transitions: [Int64], transitionTypes: [Int], types: [LocalTimeType], footer: PosixTimeZone?) {
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types
        self.footer = footer
    }

    /// Coordinated Universal Time: offset 0 at every instant.
    public static let utc = ZoneRules(
        transitions: [], transitionTypes: [],
        types: [LocalTimeType(utcOffset: 0, isDaylightSaving: false, abbreviation: "UTC")],
        footer: PosixTimeZone(
            standard: LocalTimeType(utcOffset: 0, isDaylightSaving: false, abbreviation: "UTC"), daylightSaving: nil))

    /// Rules from a POSIX `TZ` string alone, such as `CET-1CEST,M3.5.0,M10.5.0/3`:
    /// what the footer of a TZif file holds, for every instant.
    public init(posixRule text: String) throws(ZoneRulesError) {
        let footer = try PosixTimeZone(parsing: text)
        self.init(transitions: [], transitionTypes: [], types: [footer.standard], footer: footer)
    }

    /// The local time type in effect at `epochSeconds`.
    func type(at epochSeconds: Int64) -> LocalTimeType {
        guard let last = transitions.last else { return footer?.type(at: epochSeconds) ?? types[0] }
        if epochSeconds > last, let footer { return footer.type(at: epochSeconds) }
        guard epochSeconds >= transitions[0] else { return types[0] }
        // The last transition at or before the instant.
        var low = 0
        var high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle] <= epochSeconds { low = middle } else { high = middle - 1 }
        }
        return types[transitionTypes[low]]
    }

    /// Local time minus UTC at `epochSeconds`, in seconds (`+02:00` is 7200).
    public func utcOffset(at epochSeconds: Int64) -> Int { type(at: epochSeconds).utcOffset }

    /// The zone's abbreviation for local time at `epochSeconds`, such as
    /// `CEST`, `EST` or `+1030`.
    public func abbreviation(at epochSeconds: Int64) -> String { type(at: epochSeconds).abbreviation }

    /// Whether daylight-saving time is in effect at `epochSeconds`.
    public func isDaylightSaving(at epochSeconds: Int64) -> Bool { type(at: epochSeconds).isDaylightSaving }

    /// The first instant after `epochSeconds` at which the local time type
    /// may change, or nil when it never changes again.
    func nextTransition(after epochSeconds: Int64) -> Int64? {
        if let last = transitions.last, epochSeconds < last {
            var low = 0
            var high = transitions.count - 1
            while low < high {
                let middle = (low + high) / 2
                if transitions[middle] > epochSeconds { high = middle } else { low = middle + 1 }
            }
            return transitions[low]
        }
        return footer?.nextTransition(after: max(epochSeconds, transitions.last ?? epochSeconds))
    }
}
