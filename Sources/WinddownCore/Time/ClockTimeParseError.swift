/// Why a `"HH:MM"` time could not be read.
public struct ClockTimeParseError: Error, Equatable, Sendable, CustomStringConvertible {
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
