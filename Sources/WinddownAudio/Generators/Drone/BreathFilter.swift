/// Darkens white noise into the drone's soft "air": integrated (−6 dB per
/// octave above 60 Hz), rolled off again above 400 Hz, and with DC and
/// sub-bass removed.
struct BreathFilter {
    private var integrator: FirstOrderFilter
    private var lowPass: FirstOrderFilter
    private var blocker: FirstOrderFilter

    /// The chain's power gain for white noise, for normalising levels.
    let whiteNoisePowerGain: Double

    init(sampleRate: Double) {
        integrator = .leakyIntegrator(corner: 60, sampleRate: sampleRate)
        lowPass = .lowPass(cutoff: 400, sampleRate: sampleRate)
        blocker = .highPass(cutoff: 25, sampleRate: sampleRate)
        whiteNoisePowerGain = FirstOrderFilter.whiteNoisePowerGain(
            of: [integrator, lowPass, blocker], sampleRate: sampleRate)
    }

    @inline(__always)
    mutating func process(_ input: Float) -> Float {
        blocker.process(lowPass.process(integrator.process(input)))
    }
}
