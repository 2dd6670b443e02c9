/// A libsoxr failure, with its message.
public struct ResamplerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let call: String
    public let message: String
    public init(call: String, message: String) {
        self.call = call
        self.message = message
    }
    public var description: String { "\(call)() failed: \(message)" }
}
