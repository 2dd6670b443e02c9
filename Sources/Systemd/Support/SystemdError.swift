import CSystemd
import Glibc

/// A failed libsystemd call: which call, the negative errno it returned, and
/// the system's text for it.
public struct SystemdError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The negative errno value libsystemd returned, e.g. `-ENOENT`.
    public let code: Int32
    /// The C function that failed, e.g. `sd_notify`.
    public let call: String
    /// What the call was about, when that helps a reader (the state sent, a variable).
    public let context: String?

    public init(code: Int32, call: String, context: String? = nil) {
        self.code = code
        self.call = call
        self.context = context
    }

    /// `strerror` of the code.
    public var message: String { String(cString: strerror(code < 0 ? -code : code)) }

    public var description: String {
        if let context { return "\(call)() failed (\(context)): \(message)" }
        return "\(call)() failed: \(message)"
    }
}

/// Turns a libsystemd return code into a typed error; passes non-negative values through.
@discardableResult
@inline(__always)
func check(_ result: Int32, _ call: String, context: String? = nil) throws(SystemdError) -> Int32 {
    if result < 0 { throw SystemdError(code: result, call: call, context: context) }
    return result
}
