/// Folds any channel layout into stereo: mono goes to both sides, the first
/// two channels of a wider file are left and right, and the rest are mixed
/// into both at half level.
enum StereoConversion {
    static func convert(
        _ input: UnsafePointer<Float>, channels: Int, frames: Int, into output: UnsafeMutablePointer<Float>
    ) {
        switch channels {
        case 1:
            for i in 0..<frames {
                output[2 * i] = input[i]
                output[2 * i + 1] = input[i]
            }
        case 2:
            output.update(from: input, count: 2 * frames)
        default:
            for i in 0..<frames {
                let frame = input + i * channels
                var rest: Float = 0
                for c in 2..<channels { rest += frame[c] }
                rest *= 0.5 / Float(channels - 2)
                output[2 * i] = frame[0] + rest
                output[2 * i + 1] = frame[1] + rest
            }
        }
    }
}
