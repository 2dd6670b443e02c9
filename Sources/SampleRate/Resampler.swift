import CSoxr

/// Streaming sample-rate conversion of interleaved floats through libsoxr
/// (the SoX resampler): band-limited, phase-linear, and fast enough that
/// converting a user's file costs less than decoding it. Owns the `soxr_t`.
public final class Resampler {
    public enum Quality: Sendable {
        /// 16-bit precision: plenty for sleep sounds.
        case medium
        /// 20-bit precision, libsoxr's default.
        case high
        case veryHigh

        var recipe: UInt {
            switch self {
            case .medium: UInt(winddown_soxr_medium_quality())
            case .high: UInt(winddown_soxr_high_quality())
            case .veryHigh: UInt(winddown_soxr_very_high_quality())
            }
        }
    }

    public let channels: Int
    /// Output rate divided by input rate.
    public let ratio: Double
    private let state: soxr_t

    public init(from inputRate: Int, to outputRate: Int, channels: Int, quality: Quality = .high) throws(ResamplerError) {
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var spec = soxr_quality_spec(quality.recipe, 0)
        guard
            let state = soxr_create(Double(inputRate), Double(outputRate), UInt32(channels), &error, &io, &spec, nil),
            error == nil
        else {
            throw ResamplerError(call: "soxr_create", message: error.map { String(cString: $0) } ?? "unknown error")
        }
        self.state = state
        self.channels = channels
        self.ratio = Double(outputRate) / Double(inputRate)
    }

    deinit { soxr_delete(state) }

    /// Converts interleaved input. Returns (input frames used, output frames made).
    /// With `endOfInput`, `input` is ignored and the filter's tail is flushed;
    /// call again until it produces nothing.
    public func process(
        input: UnsafePointer<Float>, inputFrames: Int,
        output: UnsafeMutablePointer<Float>, outputCapacity: Int, endOfInput: Bool = false
    ) throws(ResamplerError) -> (used: Int, produced: Int) {
        var used = 0
        var produced = 0
        let error =
            endOfInput
            ? soxr_process(state, nil, 0, nil, output, outputCapacity, &produced)
            : soxr_process(state, input, inputFrames, &used, output, outputCapacity, &produced)
        if let error { throw ResamplerError(call: "soxr_process", message: String(cString: error)) }
        return (used, produced)
    }

    /// Forgets all history, for a new, unrelated stream.
    public func reset() { soxr_clear(state) }
}
