/// Rain: a soft hiss of filtered noise with many small drops falling through
/// it at random (Poisson) moments, each with its own pitch, brightness and
/// place in the stereo field. The intensity of the shower drifts slowly, so
/// it breathes like real weather instead of sounding like a loop.
public final class RainSource: SoundSource {
    /// Intensity is updated every this many frames, counted across calls so
    /// the sound does not depend on how the caller splits its buffers.
    private static let controlFrames = 64
    private static let hissRMS = 0.085
    private static let dropsPerSecond: Float = 70

    private var random: RandomGenerator
    private var noise: StereoWhiteNoise
    private var intensity: DriftingValue
    private var leftHiss: HissFilter
    private var rightHiss: HissFilter
    private let drops: RainDropField
    private let hissGain: Float
    private var hissLevel: Float
    private var hissStep: Float = 0
    private var dropRate: Float = 0
    private var framesUntilUpdate = 0

    public init(sampleRate: Double, seed: UInt64) {
        // Independent streams for the hiss, the drops and the slow controls,
        // all derived from the one seed.
        noise = StereoWhiteNoise(seed: seed, correlation: 0.25)
        drops = RainDropField(sampleRate: sampleRate, seed: seed &+ 0x5EED_D409)
        random = RandomGenerator(seed: seed &+ 0x1A7E_5117)
        intensity = DriftingValue(
            range: 0.55...1, glideSeconds: 6...18, sampleRate: sampleRate, random: &random)
        let hiss = HissFilter(sampleRate: sampleRate)
        leftHiss = hiss
        rightHiss = hiss
        hissGain = Float(Self.hissRMS / hiss.whiteNoisePowerGain.squareRoot())
        hissLevel = intensity.value
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        var noise = self.noise
        var leftHiss = self.leftHiss, rightHiss = self.rightHiss
        var hissLevel = self.hissLevel
        let hissGain = self.hissGain

        var done = 0
        while done < frameCount {
            if framesUntilUpdate == 0 {
                framesUntilUpdate = Self.controlFrames
                let target = intensity.advance(by: Self.controlFrames, random: &random)
                // Ramp the hiss across the block so its level never steps;
                // heavier rain means more drops as well as more hiss.
                hissStep = (target - hissLevel) / Float(Self.controlFrames)
                dropRate = Self.dropsPerSecond * target
            }
            let count = min(framesUntilUpdate, frameCount - done)
            let block = buffer + 2 * done
            let step = hissStep
            for frame in 0..<count {
                hissLevel += step
                let white = noise.next()
                block[2 * frame] = hissGain * hissLevel * leftHiss.process(white.left)
                block[2 * frame + 1] = hissGain * hissLevel * rightHiss.process(white.right)
            }
            drops.render(adding: block, frameCount: count, dropsPerSecond: dropRate)
            for index in 0..<(2 * count) {
                block[index] = SoftCeiling.apply(block[index])
            }
            framesUntilUpdate -= count
            done += count
        }

        self.noise = noise
        self.leftHiss = leftHiss
        self.rightHiss = rightHiss
        self.hissLevel = hissLevel
        return frameCount
    }
}
