import CALSA

/// A failed alsa-lib call: which call, on which device, with alsa-lib's own message.
public struct ALSAError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The negative errno value alsa-lib returned.
    public let code: Int32
    /// The C function that failed, e.g. `snd_pcm_hw_params`.
    public let call: String
    /// The PCM name, when the call concerned one.
    public let device: String?

    public init(code: Int32, call: String, device: String? = nil) {
        self.code = code
        self.call = call
        self.device = device
    }

    /// alsa-lib's text for the code.
    public var message: String { String(cString: snd_strerror(code)) }

    /// The stream ran dry (xrun); `prepare()` recovers.
    public var isUnderrun: Bool { code == winddown_epipe() }
    /// The system suspended the device; `resume()` (or `prepare()`) recovers.
    public var isSuspended: Bool { code == winddown_estrpipe() }
    /// The call would block on a non-blocking handle.
    public var isWouldBlock: Bool { code == winddown_eagain() }

    public var description: String {
        if let device { return "\(call)() failed on \"\(device)\": \(message)" }
        return "\(call)() failed: \(message)"
    }
}

/// Turns an alsa-lib return code into a typed error; passes non-negative values through.
@discardableResult
@inline(__always)
func check<T: BinaryInteger>(_ result: T, _ call: String, device: String? = nil) throws(ALSAError) -> T {
    if result < 0 { throw ALSAError(code: Int32(truncatingIfNeeded: result), call: call, device: device) }
    return result
}
