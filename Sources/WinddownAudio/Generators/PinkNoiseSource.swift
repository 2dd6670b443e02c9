/// Pink noise: equal energy in every octave (−3 dB/octave), the balanced
/// "steady rain on a roof" hiss that many people sleep to.
public final class PinkNoiseSource: SoundSource {
    private static let targetRMS = 0.11  // the blocker then trims it to about 0.1

    private var noise: StereoWhiteNoise
    private var leftPinking: PinkingFilter
    private var rightPinking: PinkingFilter
    private var leftBlocker: FirstOrderFilter
    private var rightBlocker: FirstOrderFilter
    private let gain: Float

    public init(sampleRate: Double, seed: UInt64) {
        noise = StereoWhiteNoise(seed: seed, correlation: 0.35)
        let pinking = PinkingFilter(sampleRate: sampleRate)
        leftPinking = pinking
        rightPinking = pinking
        // The cascade is flat below 5 Hz; the blocker removes DC and sub-bass
        // that only wastes speaker excursion.
        let blocker = FirstOrderFilter.highPass(cutoff: 10, sampleRate: sampleRate)
        leftBlocker = blocker
        rightBlocker = blocker
        // The blocker only trims a sliver of the lowest octaves, so the
        // cascade's gain alone sets the level closely enough.
        gain = Float(Self.targetRMS / pinking.whiteNoisePowerGain.squareRoot())
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        var noise = self.noise
        var leftBlocker = self.leftBlocker, rightBlocker = self.rightBlocker
        for frame in 0..<frameCount {
            let white = noise.next()
            buffer[2 * frame] = white.left
            buffer[2 * frame + 1] = white.right
        }
        leftPinking.process(buffer, count: frameCount, stride: 2)
        rightPinking.process(buffer + 1, count: frameCount, stride: 2)
        let gain = self.gain
        for frame in 0..<frameCount {
            let left = leftBlocker.process(buffer[2 * frame])
            let right = rightBlocker.process(buffer[2 * frame + 1])
            buffer[2 * frame] = SoftCeiling.apply(gain * left)
            buffer[2 * frame + 1] = SoftCeiling.apply(gain * right)
        }
        self.noise = noise
        self.leftBlocker = leftBlocker
        self.rightBlocker = rightBlocker
        return frameCount
    }
}
