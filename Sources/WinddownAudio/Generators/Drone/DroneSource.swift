/// A soft, low drone: detuned pairs of sine partials on a root, its fifth
/// and its octave (55–130 Hz), each wandering slowly in pitch and level,
/// over a breath of dark noise. Warm and without edges: nothing in it
/// rises above a few hundred hertz.
public final class DroneSource: SoundSource {
    /// Pitch and level glides are retargeted once per block.
    private static let blockFrames = 64
    private static let tonesRMS: Float = 0.095
    private static let breathRMS = 0.03
    /// (frequency ratio to the root, nominal amplitude) for each partial.
    private static let layout: [(ratio: Double, weight: Float)] = [
        (1, 1), (1, 0.95), (1.5, 0.75), (1.5, 0.7), (2, 0.55), (2, 0.5), (3, 0.3), (3, 0.28),
    ]

    private var random: RandomGenerator
    private let partials: UnsafeMutableBufferPointer<DronePartial>
    private let tonesGain: Float
    private var noise: StereoWhiteNoise
    private var leftBreath: BreathFilter
    private var rightBreath: BreathFilter
    private let breathGain: Float
    private var framesUntilUpdate = 0

    public init(sampleRate: Double, seed: UInt64) {
        random = RandomGenerator(seed: seed)
        noise = StereoWhiteNoise(seed: seed &+ 0xD2_0E, correlation: 0.3)
        // A root between A1 (55 Hz) and D2 (73 Hz), different for each seed.
        let root = 55 * (1 + 0.33 * Double(random.unit()))
        var partials: [DronePartial] = []
        for (index, entry) in Self.layout.enumerated() {
            // The two partials of a pair sit a few cents apart, on opposite
            // sides, so the slow beating differs between the ears.
            let side: Float = index.isMultiple(of: 2) ? -1 : 1
            let detuneCents = Double(side) * (3 + 6 * Double(random.unit()))
            let frequency = root * entry.ratio * (1 + detuneCents / 1731)  // ≈ 2^(cents/1200)
            let pan = side * (0.35 + 0.4 * random.unit())
            partials.append(
                DronePartial(
                    frequency: frequency, weight: entry.weight, pan: pan,
                    sampleRate: sampleRate, random: &random))
        }
        self.partials = .allocate(capacity: partials.count)
        _ = self.partials.initialize(from: partials)
        // Set the level from the mean power per channel of all partials.
        let power = partials.reduce(Float(0)) { sum, partial in
            let panPower = (partial.leftGain * partial.leftGain + partial.rightGain * partial.rightGain) / 2
            return sum + partial.meanSquareAmplitude * panPower / 2
        }
        tonesGain = Self.tonesRMS / power.squareRoot()
        let breath = BreathFilter(sampleRate: sampleRate)
        leftBreath = breath
        rightBreath = breath
        breathGain = Float(Self.breathRMS / breath.whiteNoisePowerGain.squareRoot())
    }

    deinit {
        partials.deinitialize()
        partials.deallocate()
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        guard frameCount > 0 else { return 0 }
        var random = self.random, noise = self.noise
        var leftBreath = self.leftBreath, rightBreath = self.rightBreath
        var framesUntilUpdate = self.framesUntilUpdate
        let partials = self.partials
        let tonesGain = self.tonesGain, breathGain = self.breathGain

        for frame in 0..<frameCount {
            if framesUntilUpdate == 0 {
                framesUntilUpdate = Self.blockFrames
                for index in partials.indices {
                    partials[index].updateControls(frames: Self.blockFrames, random: &random)
                }
            }
            framesUntilUpdate -= 1
            var left: Float = 0
            var right: Float = 0
            for index in partials.indices {
                let tone = partials[index].next()
                left += partials[index].leftGain * tone
                right += partials[index].rightGain * tone
            }
            let white = noise.next()
            left = tonesGain * left + breathGain * leftBreath.process(white.left)
            right = tonesGain * right + breathGain * rightBreath.process(white.right)
            buffer[2 * frame] = SoftCeiling.apply(left)
            buffer[2 * frame + 1] = SoftCeiling.apply(right)
        }

        self.random = random
        self.noise = noise
        self.leftBreath = leftBreath
        self.rightBreath = rightBreath
        self.framesUntilUpdate = framesUntilUpdate
        return frameCount
    }
}
