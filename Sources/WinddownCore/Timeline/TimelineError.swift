/// Why a routine could not be laid out on a timeline.
///
/// A small struct (a code plus the message) rather than an enum of cases, so
/// a new check can be added without breaking anyone's `switch`.
public struct TimelineError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        /// The fixed steps plus every minimum do not fit in `session.duration`.
        public static let routineTooLong = Code(description: "routine-too-long")
        /// The routine itself cannot be laid out (no steps, a bad share, min above max).
        public static let invalidRoutine = Code(description: "invalid-routine")
        /// A setting the arithmetic cannot work with (a sample rate or length of zero or less).
        public static let invalidSettings = Code(description: "invalid-settings")
    }

    public let code: Code
    /// The routine's name, as `session.routine` gives it.
    public let routine: String
    /// What is wrong, written for the person who configured it.
    public let message: String

    public init(code: Code, routine: String, message: String) {
        self.code = code
        self.routine = routine
        self.message = message
    }

    public var description: String { message }
}
