import CSampleRate

/// A libsamplerate failure, with its message.
public struct ResamplerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let code: Int32
    public let call: String
    public init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }
    public var message: String { String(cString: src_strerror(code)) }
    public var description: String { "\(call)() failed: \(message)" }
}
