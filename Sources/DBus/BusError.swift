#if canImport(Glibc)
    import Glibc
#endif

/// What went wrong on the bus, naming the sd-bus call (or the remote error a call was answered with).
public struct BusError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// An sd-bus call failed with this errno.
        case system(Int32)
        /// The other end answered with a D-Bus error of this name.
        case remote(name: String)
        /// The well-known name is owned by another connection.
        case nameTaken
    }

    public let kind: Kind
    public let description: String

    init(_ call: String, code: Int32) {
        let errno = code < 0 ? -code : code
        kind = errno == EEXIST && call.hasPrefix("sd_bus_request_name") ? .nameTaken : .system(errno)
        description = "\(call) failed: \(String(cString: strerror(errno)))"
    }

    init(remote name: String, message: String, call: String) {
        kind = .remote(name: name)
        description = "\(call): \(name): \(message)"
    }

    /// The bus went away (the daemon ended, the session closed).
    public var isDisconnect: Bool {
        guard case .system(let code) = kind else { return false }
        return code == ECONNRESET || code == ENOTCONN || code == EPIPE || code == ESHUTDOWN
    }
}

/// Throws `BusError` for a negative sd-bus result; returns it otherwise.
@discardableResult
func check(_ result: Int32, _ call: @autoclosure () -> String) throws(BusError) -> Int32 {
    if result < 0 { throw BusError(call(), code: result) }
    return result
}
