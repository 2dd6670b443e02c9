/// Brown (red) noise: white noise integrated, so it falls 6 dB per octave:
/// a deep, soft roar like a distant waterfall.
///
/// The integrator leaks below 10 Hz and a DC blocker follows it, so it
/// never drifts away from zero however long it runs.
public final class BrownNoiseSource: SoundSource {
    private static let targetRMS = 0.1

    private var noise: StereoWhiteNoise
    private var leftIntegrator: FirstOrderFilter
    private var rightIntegrator: FirstOrderFilter
    private var leftBlocker: FirstOrderFilter
    private var rightBlocker: FirstOrderFilter
    private let gain: Float

    public init(sampleRate: Double, seed: UInt64) {
        noise = StereoWhiteNoise(seed: seed, correlation: 0.35)
        let integrator = FirstOrderFilter.leakyIntegrator(corner: 10, sampleRate: sampleRate)
        let blocker = FirstOrderFilter.highPass(cutoff: 15, sampleRate: sampleRate)
        leftIntegrator = integrator
        rightIntegrator = integrator
        leftBlocker = blocker
        rightBlocker = blocker
        let power = FirstOrderFilter.whiteNoisePowerGain(of: [integrator, blocker], sampleRate: sampleRate)
        gain = Float(Self.targetRMS / power.squareRoot())
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        // Work on local copies so the loop touches no class storage.
        var noise = self.noise
        var leftIntegrator = self.leftIntegrator, rightIntegrator = self.rightIntegrator
        var leftBlocker = self.leftBlocker, rightBlocker = self.rightBlocker
        let gain = self.gain
        for frame in 0..<frameCount {
            let white = noise.next()
            let left = leftBlocker.process(leftIntegrator.process(white.left))
            let right = rightBlocker.process(rightIntegrator.process(white.right))
            buffer[2 * frame] = SoftCeiling.apply(gain * left)
            buffer[2 * frame + 1] = SoftCeiling.apply(gain * right)
        }
        self.noise = noise
        self.leftIntegrator = leftIntegrator
        self.rightIntegrator = rightIntegrator
        self.leftBlocker = leftBlocker
        self.rightBlocker = rightBlocker
        return frameCount
    }
}
