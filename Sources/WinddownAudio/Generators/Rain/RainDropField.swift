/// The drops of a rain shower: a Poisson stream of `RainDropVoice`s, each
/// with its own pitch, brightness, length, loudness and place in the stereo
/// field, mixed into a buffer.
///
/// Voices live in a fixed pool allocated up front; when every voice is busy
/// a new drop is skipped, which at these rates almost never happens.
final class RainDropField {
    static let voiceCapacity = 48

    private let voices: UnsafeMutablePointer<RainDropVoice>
    private var activeCount = 0
    private var random: RandomGenerator
    private let sampleRate: Float
    /// Drops stay below 5 kHz, leaving the top octaves to the hiss: smooth
    /// tones there would still be heard as rain, and it keeps any click
    /// (which would spray energy up to Nyquist) easy to detect.
    private let highestFrequency: Float

    init(sampleRate: Double, seed: UInt64) {
        voices = .allocate(capacity: Self.voiceCapacity)
        random = RandomGenerator(seed: seed)
        self.sampleRate = Float(sampleRate)
        highestFrequency = min(5_000, Float(0.4 * sampleRate))
    }

    deinit {
        voices.deinitialize(count: activeCount)
        voices.deallocate()
    }

    /// Adds `frameCount` frames of drops to interleaved stereo.
    ///
    /// - Parameter dropsPerSecond: the mean rate; each frame starts a drop
    ///   with probability rate/sampleRate, which is a Poisson process.
    func render(adding buffer: UnsafeMutablePointer<Float>, frameCount: Int, dropsPerSecond: Float) {
        let chance = dropsPerSecond / sampleRate
        for frame in 0..<frameCount where random.unit() < chance {
            guard activeCount < Self.voiceCapacity else { continue }
            let voice = RainDropVoice(
                shape: randomShape(), sampleRate: sampleRate,
                highestFrequency: highestFrequency, delayFrames: frame)
            (voices + activeCount).initialize(to: voice)
            activeCount += 1
        }
        // Finished voices are removed keeping the others in order of their
        // start, so the mix sums in the same order however the caller splits
        // its buffers, and the output is identical for a given seed.
        var kept = 0
        for index in 0..<activeCount {
            guard voices[index].render(adding: buffer, count: frameCount) else { continue }
            if kept != index { voices[kept] = voices[index] }
            kept += 1
        }
        (voices + kept).deinitialize(count: activeCount - kept)
        activeCount = kept
    }

    private func randomShape() -> RainDropVoice.Shape {
        let size = random.unit()
        // Mostly faint, far-off drops; now and then a close, clear one.
        let loudness = random.unit()
        return RainDropVoice.Shape(
            frequency: 1_100 + 3_000 * size * size,
            glide: 1 + 0.25 * random.unit(),
            overtoneRatio: 1.8 + 0.8 * random.unit(),
            overtoneLevel: 0.35 * random.unit(),
            attackSeconds: 0.000_8 + 0.002 * random.unit(),
            decaySeconds: 0.01 + 0.04 * (1 - size) * random.unit() + 0.006 * random.unit(),
            amplitude: 0.05 + 0.3 * loudness * loudness * loudness,
            pan: 1.6 * random.bipolar())
    }
}
