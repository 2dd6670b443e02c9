/// One sine partial of the drone, with its own slow, random wandering of
/// pitch (a few cents) and level, and a fixed place in the stereo field.
/// Two partials a few cents apart beat slowly against each other; the
/// wandering keeps those beats from ever settling into a rhythm.
///
/// The oscillator is a rotating phasor: four multiplies a sample instead of
/// a sine. Its step is retuned once per control block, which keeps the
/// phase continuous, and its length is pulled back to 1 at the same time so
/// rounding can never make it grow or fade.
struct DronePartial {
    private let baseFrequency: Double
    private let sampleRate: Double
    private var cosine: Float
    private var sine: Float
    private var stepCosine: Float = 1
    private var stepSine: Float = 0
    private var pitchCents: DriftingValue
    private var level: DriftingValue
    private var amplitude: Float
    private var amplitudeStep: Float = 0
    private let weight: Float
    let leftGain: Float
    let rightGain: Float

    /// - Parameters:
    ///   - weight: the partial's nominal amplitude, before the level drift.
    ///   - pan: −1 (left) … 1 (right).
    init(
        frequency: Double, weight: Float, pan: Float, sampleRate: Double,
        random: inout RandomGenerator
    ) {
        baseFrequency = frequency
        self.sampleRate = sampleRate
        self.weight = weight
        pitchCents = DriftingValue(range: -12...12, glideSeconds: 3...9, sampleRate: sampleRate, random: &random)
        level = DriftingValue(range: 0.55...1, glideSeconds: 5...16, sampleRate: sampleRate, random: &random)
        let startPhase = random.unit()
        cosine = SineApproximation.sine(turns: startPhase < 0.75 ? startPhase + 0.25 : startPhase - 0.75)
        sine = SineApproximation.sine(turns: startPhase)
        let angle = (min(max(pan, -1), 1) + 1) / 8
        leftGain = SineApproximation.sine(turns: angle + 0.25)
        rightGain = SineApproximation.sine(turns: angle)
        amplitude = weight * level.value
    }

    /// The mean power the level drift leaves, for setting the overall gain.
    var meanSquareAmplitude: Float {
        // The level wanders over 0.55…1; its mean square is close to 0.6.
        weight * weight * 0.6
    }

    /// Retunes the phasor and sets the level glide for the next `frames` frames.
    mutating func updateControls(frames: Int, random: inout RandomGenerator) {
        let cents = Double(pitchCents.advance(by: frames, random: &random))
        // 2^(cents/1200) by its Taylor series: exact to 1e-8 for a few cents,
        // and no libm call on the audio thread.
        let x = cents / 1200 * 0.693_147_180_559_945_3
        let turnsPerSample = Float(baseFrequency * (1 + x * (1 + x / 2)) / sampleRate)
        stepSine = SineApproximation.sine(turns: turnsPerSample)
        stepCosine = SineApproximation.sine(turns: turnsPerSample + 0.25)
        // One Newton step towards length 1; the error it corrects is ~1e-6.
        let correction = (3 - (cosine * cosine + sine * sine)) / 2
        cosine *= correction
        sine *= correction
        let targetAmplitude = weight * level.advance(by: frames, random: &random)
        amplitudeStep = (targetAmplitude - amplitude) / Float(frames)
    }

    @inline(__always)
    mutating func next() -> Float {
        let rotatedCosine = cosine * stepCosine - sine * stepSine
        sine = sine * stepCosine + cosine * stepSine
        cosine = rotatedCosine
        amplitude += amplitudeStep
        return amplitude * sine
    }
}
