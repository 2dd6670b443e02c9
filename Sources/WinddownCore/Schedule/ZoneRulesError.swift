/// Why a time zone could not be loaded or read: a TZif file that is cut
/// short or malformed, a footer rule that does not parse, a zone that is
/// not there.
public struct ZoneRulesError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// No zone by that name (or the name has the wrong shape).
        case unknownZone
        /// The zone's data is there but cannot be read or makes no sense.
        case malformed
    }

    public let code: Code
    /// What is wrong, written for the person who configured the zone,
    /// e.g. `unknown time zone "Mars/Base"` or `TZif data truncated in the header`.
    public let message: String

    public init(_ message: String, code: Code = .malformed) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
