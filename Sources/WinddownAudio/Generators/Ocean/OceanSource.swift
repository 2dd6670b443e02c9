/// Waves on a shore: surf noise that swells, breaks and drains away, getting
/// louder and brighter at each crest, over a low, steady rumble. Every wave
/// has its own period (6–12 s), height and place in the stereo field, so
/// the sea never falls into a loop.
public final class OceanSource: SoundSource {
    /// Filter settings and levels are updated every this many frames,
    /// counted across calls so the sound does not depend on how the caller
    /// splits its buffers.
    private static let controlFrames = 32
    private static let surfRMS: Float = 0.14
    private static let rumbleRMS = 0.035
    private static let damping: Float = 1.6

    private var random: RandomGenerator
    private var noise: StereoWhiteNoise
    private var swell: WaveSwell
    private var calm: DriftingValue
    private let brightness: SurfBrightness
    private var leftSurf = StateVariableLowPass(damping: OceanSource.damping)
    private var rightSurf = StateVariableLowPass(damping: OceanSource.damping)
    private var rumbleIntegrator: FirstOrderFilter
    private var rumbleLowPass: FirstOrderFilter
    private var rumbleBlocker: FirstOrderFilter
    private let rumbleGain: Float
    private var leftBlocker: FirstOrderFilter
    private var rightBlocker: FirstOrderFilter
    private var leftLevel: Float = 0
    private var rightLevel: Float = 0
    private var leftStep: Float = 0
    private var rightStep: Float = 0
    private var framesUntilUpdate = 0

    public init(sampleRate: Double, seed: UInt64) {
        noise = StereoWhiteNoise(seed: seed, correlation: 0.45)
        random = RandomGenerator(seed: seed &+ 0x0CEA_2000)
        swell = WaveSwell(sampleRate: sampleRate, random: &random)
        // How much water is still moving between waves.
        calm = DriftingValue(range: 0.2...0.35, glideSeconds: 15...40, sampleRate: sampleRate, random: &random)
        brightness = SurfBrightness(sampleRate: sampleRate, damping: Self.damping)
        rumbleIntegrator = .leakyIntegrator(corner: 30, sampleRate: sampleRate)
        rumbleLowPass = .lowPass(cutoff: 160, sampleRate: sampleRate)
        rumbleBlocker = .highPass(cutoff: 20, sampleRate: sampleRate)
        let rumblePower = FirstOrderFilter.whiteNoisePowerGain(
            of: [rumbleIntegrator, rumbleLowPass, rumbleBlocker], sampleRate: sampleRate)
        rumbleGain = Float(Self.rumbleRMS / rumblePower.squareRoot())
        // The darkest surf reaches down to DC; keep that for the rumble alone.
        leftBlocker = .highPass(cutoff: 25, sampleRate: sampleRate)
        rightBlocker = leftBlocker
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        var noise = self.noise
        var leftSurf = self.leftSurf, rightSurf = self.rightSurf
        var rumbleIntegrator = self.rumbleIntegrator, rumbleLowPass = self.rumbleLowPass
        var rumbleBlocker = self.rumbleBlocker
        var leftBlocker = self.leftBlocker, rightBlocker = self.rightBlocker
        var leftLevel = self.leftLevel, rightLevel = self.rightLevel
        let rumbleGain = self.rumbleGain

        var done = 0
        while done < frameCount {
            if framesUntilUpdate == 0 {
                framesUntilUpdate = Self.controlFrames
                let height = swell.advance(by: Self.controlFrames, random: &random)
                let floor = calm.advance(by: Self.controlFrames, random: &random)
                let setting = brightness.lookUp(height)
                leftSurf.setWarpedCutoff(setting.warpedCutoff)
                rightSurf.setWarpedCutoff(setting.warpedCutoff)
                // Louder at the crest, and leaning towards where this wave
                // breaks; levels ramp across the block so they never step.
                let level = (floor + (1 - floor) * height) * setting.gain * Self.surfRMS
                let lean = 0.25 * swell.lean * height
                leftStep = (level * (1 - lean) - leftLevel) / Float(Self.controlFrames)
                rightStep = (level * (1 + lean) - rightLevel) / Float(Self.controlFrames)
            }
            let count = min(framesUntilUpdate, frameCount - done)
            let block = buffer + 2 * done
            let leftStep = self.leftStep, rightStep = self.rightStep
            for frame in 0..<count {
                leftLevel += leftStep
                rightLevel += rightStep
                let white = noise.next()
                // The rumble is the shared (mid) part of the noise, so it sits
                // in the centre like the weight of the sea.
                let mid = 0.5 * (white.left + white.right)
                let rumble = rumbleGain * rumbleBlocker.process(rumbleLowPass.process(rumbleIntegrator.process(mid)))
                let left = leftBlocker.process(leftLevel * leftSurf.process(white.left))
                let right = rightBlocker.process(rightLevel * rightSurf.process(white.right))
                block[2 * frame] = SoftCeiling.apply(left + rumble)
                block[2 * frame + 1] = SoftCeiling.apply(right + rumble)
            }
            framesUntilUpdate -= count
            done += count
        }

        self.noise = noise
        self.leftSurf = leftSurf
        self.rightSurf = rightSurf
        self.rumbleIntegrator = rumbleIntegrator
        self.rumbleLowPass = rumbleLowPass
        self.rumbleBlocker = rumbleBlocker
        self.leftBlocker = leftBlocker
        self.rightBlocker = rightBlocker
        self.leftLevel = leftLevel
        self.rightLevel = rightLevel
        return frameCount
    }
}
