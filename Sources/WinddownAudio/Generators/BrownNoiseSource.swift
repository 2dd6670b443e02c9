/// Brown (red) noise: white noise integrated, so it falls 6 dB per octave:
/// a deep, soft roar like a distant waterfall.
///
/// The integrator leaks below 10 Hz and a DC blocker follows it, so it
/// never drifts away from zero however long it runs.
public final class BrownNoiseSource: SoundSource {
    private static let targetRMS = 0.1

    private var noise: StereoWhiteNoise
    private var integrator: StereoFirstOrderFilter
    private var blocker: StereoFirstOrderFilter
    private let gain: Float

    public init(sampleRate: Double, seed: UInt64) {
        noise = StereoWhiteNoise(seed: seed, correlation: 0.35)
        let integrator = FirstOrderFilter.leakyIntegrator(corner: 10, sampleRate: sampleRate)
        let blocker = FirstOrderFilter.highPass(cutoff: 15, sampleRate: sampleRate)
        self.integrator = StereoFirstOrderFilter(integrator)
        self.blocker = StereoFirstOrderFilter(blocker)
        let power = FirstOrderFilter.whiteNoisePowerGain(of: [integrator, blocker], sampleRate: sampleRate)
        gain = Float(Self.targetRMS / power.squareRoot())
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        // Work on local copies so the loop touches no class storage.
        var noise = self.noise
        var integrator = self.integrator
        var blocker = self.blocker
        let gain = self.gain
        for frame in 0..<frameCount {
            let white = noise.next()
            let both = gain * blocker.process(integrator.process(SIMD2(white.left, white.right)))
            buffer[2 * frame] = SoftCeiling.apply(both.x)
            buffer[2 * frame + 1] = SoftCeiling.apply(both.y)
        }
        self.noise = noise
        self.integrator = integrator
        self.blocker = blocker
        return frameCount
    }
}
