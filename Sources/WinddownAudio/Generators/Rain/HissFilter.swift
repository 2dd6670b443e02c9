/// Shapes white noise into the hiss of distant rain: rumble below 300 Hz
/// removed, energy centred on 1–3 kHz and rolling off gently above, so it
/// is soft rather than sharp.
struct HissFilter {
    private var highPass: FirstOrderFilter
    private var firstLowPass: FirstOrderFilter
    private var secondLowPass: FirstOrderFilter

    /// The chain's power gain for white noise, for normalising levels.
    let whiteNoisePowerGain: Double

    init(sampleRate: Double) {
        highPass = .highPass(cutoff: 300, sampleRate: sampleRate)
        firstLowPass = .lowPass(cutoff: 2_500, sampleRate: sampleRate)
        secondLowPass = .lowPass(cutoff: 5_000, sampleRate: sampleRate)
        whiteNoisePowerGain = FirstOrderFilter.whiteNoisePowerGain(
            of: [highPass, firstLowPass, secondLowPass], sampleRate: sampleRate)
    }

    @inline(__always)
    mutating func process(_ input: Float) -> Float {
        secondLowPass.process(firstLowPass.process(highPass.process(input)))
    }
}
