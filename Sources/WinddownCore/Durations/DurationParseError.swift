/// Why a duration string such as `"1h30m"` could not be read.
///
/// A small struct rather than an enum of cases: callers only ever show the
/// message, and new checks can be added without breaking anyone's `switch`.
public struct DurationParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text that was being parsed, exactly as given.
    public let input: String
    /// What is wrong with it, written for the person who typed it.
    public let message: String

    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }

    public var description: String { message }
}
