import CSampleRate

/// Streaming sample-rate conversion through libsamplerate. Owns the `SRC_STATE`.
public final class Resampler {
    public enum Quality: Sendable {
        /// Band-limited sinc, good enough for music at a modest CPU cost.
        case medium
        case best
        case fastest

        var converter: Int32 {
            switch self {
            case .best: Int32(SRC_SINC_BEST_QUALITY)
            case .medium: Int32(SRC_SINC_MEDIUM_QUALITY)
            case .fastest: Int32(SRC_SINC_FASTEST)
            }
        }
    }

    public let channels: Int
    /// Output rate divided by input rate.
    public let ratio: Double
    private let state: OpaquePointer

    public init(from inputRate: Int, to outputRate: Int, channels: Int, quality: Quality = .medium) throws(ResamplerError) {
        var error: Int32 = 0
        guard let state = src_new(quality.converter, Int32(channels), &error) else {
            throw ResamplerError(code: error, call: "src_new")
        }
        self.state = state
        self.channels = channels
        self.ratio = Double(outputRate) / Double(inputRate)
    }

    deinit { src_delete(state) }

    /// Converts interleaved input. Returns (input frames used, output frames made).
    /// Pass `endOfInput` with the last block to flush the filter's tail.
    public func process(
        input: UnsafePointer<Float>, inputFrames: Int,
        output: UnsafeMutablePointer<Float>, outputCapacity: Int, endOfInput: Bool = false
    ) throws(ResamplerError) -> (used: Int, produced: Int) {
        var data = SRC_DATA(
            data_in: input, data_out: output,
            input_frames: inputFrames, output_frames: outputCapacity,
            input_frames_used: 0, output_frames_gen: 0,
            end_of_input: endOfInput ? 1 : 0, src_ratio: ratio)
        let code = src_process(state, &data)
        if code != 0 { throw ResamplerError(code: code, call: "src_process") }
        return (Int(data.input_frames_used), Int(data.output_frames_gen))
    }

    /// Forgets all history, for a new, unrelated stream.
    public func reset() { src_reset(state) }
}
