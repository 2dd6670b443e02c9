import ALSA

/// Converts the mix (stereo floats) to what the device took: its sample
/// format and channel count. 16-bit output gets triangular dither so that
/// quiet fades decay into a soft hiss instead of stepping. After a gap
/// (opening, an underrun) the sound ramps in over 10 ms, so that no
/// recovery pops.
struct SampleConverter {
    let format: SampleFormat
    let channels: Int
    private var random = RandomGenerator(seed: 0x5EED)
    private let rampLength: Int
    private var rampRemaining = 0

    init(format: SampleFormat, channels: Int, sampleRate: Int) {
        self.format = format
        self.channels = channels
        rampLength = max(1, sampleRate / 100)
        rampRemaining = rampLength
    }

    /// The next frames ramp in from silence.
    mutating func startRamp() { rampRemaining = rampLength }

    /// Writes `frames` frames of device samples to `destination`.
    mutating func convert(_ source: UnsafePointer<Float>, frames: Int, to destination: UnsafeMutableRawPointer) {
        let length = Float(rampLength)
        for i in 0..<frames {
            let rampLeft = rampRemaining - i
            let g: Float = rampLeft > 0 ? 1 - Float(rampLeft) / length : 1
            var left = source[2 * i] * g
            var right = source[2 * i + 1] * g
            if channels == 1 {
                left = 0.5 * (left + right)
                right = left
            }
            for c in 0..<channels {
                let value: Float = c == 0 ? left : (c == 1 ? right : 0)
                store(value, at: i * channels + c, in: destination)
            }
        }
        rampRemaining = max(0, rampRemaining - frames)
    }

    private mutating func store(_ value: Float, at index: Int, in destination: UnsafeMutableRawPointer) {
        let x = max(-1, min(1, value))
        switch format {
        case .float32:
            destination.storeBytes(of: x, toByteOffset: 4 * index, as: Float.self)
        case .signed32:
            let scaled = Double(x) * 2_147_483_647.0
            destination.storeBytes(of: Int32(scaled.rounded()), toByteOffset: 4 * index, as: Int32.self)
        case .signed24In32:
            let scaled = Double(x) * 8_388_607.0
            destination.storeBytes(of: Int32(scaled.rounded()), toByteOffset: 4 * index, as: Int32.self)
        case .signed16:
            let dither = (random.unit() - random.unit())
            let scaled = max(-32768, min(32767, (x * 32767 + dither).rounded()))
            destination.storeBytes(of: Int16(scaled), toByteOffset: 2 * index, as: Int16.self)
        }
    }
}
