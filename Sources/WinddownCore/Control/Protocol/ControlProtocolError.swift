/// A request line (or response line) that cannot be used, with a message
/// for the person or script that sent it.
///
/// A small struct with a code rather than an enum of cases, so that checks
/// can be added without breaking anyone's `switch`.
public struct ControlProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Longer than `ControlRequest.maximumLineLength` bytes.
        public static let lineTooLong = Code("line-too-long")
        /// Not valid UTF-8, or holds control characters.
        public static let invalidText = Code("invalid-text")
        /// Nothing but spaces.
        public static let emptyRequest = Code("empty-request")
        /// The first word names no command.
        public static let unknownCommand = Code("unknown-command")
        /// An argument is missing, extra, unknown or malformed.
        public static let badArgument = Code("bad-argument")
        /// A response line that is not what the protocol promises (client side).
        public static let invalidResponse = Code("invalid-response")
    }

    public let code: Code
    /// What is wrong, naming the command, argument or limit involved.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The answer to a line over the limit, whether `ControlRequest(parsing:)`
    /// or `LineFramer` (its `.tooLong` frame) found it.
    public static let tooLongLine = ControlProtocolError(
        .lineTooLong, "line too long: requests are at most \(ControlRequest.maximumLineLength) bytes")
}
