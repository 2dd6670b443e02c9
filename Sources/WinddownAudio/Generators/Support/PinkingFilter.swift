/// Turns white noise pink (−3 dB/octave) with a cascade of first-order
/// pole–zero pairs. Each pair contributes a −6 dB/octave step between its
/// pole and its zero; with the zeros halfway (geometrically) between poles
/// spaced 1.5 octaves apart, the steps average to a smooth −3 dB/octave
/// with well under ±0.5 dB of ripple. Poles are placed in hertz, so the
/// slope is the same at every sample rate.
struct PinkingFilter {
    private var sections: [FirstOrderFilter]

    /// The cascade's power gain for white noise, for normalising levels.
    let whiteNoisePowerGain: Double

    init(sampleRate: Double) {
        let spacing = 2.0 * 2.0.squareRoot()  // 1.5 octaves between poles
        let highest = min(20_000, 0.45 * sampleRate)
        var sections: [FirstOrderFilter] = []
        var pole = 5.0
        while pole < highest {
            let zero = pole * spacing.squareRoot()
            sections.append(.poleZero(pole: pole, zero: zero, sampleRate: sampleRate))
            pole *= spacing
        }
        self.sections = sections
        whiteNoisePowerGain = FirstOrderFilter.whiteNoisePowerGain(of: sections, sampleRate: sampleRate)
    }

    /// Filters every `stride`-th sample of `samples` in place.
    mutating func process(_ samples: UnsafeMutablePointer<Float>, count: Int, stride: Int) {
        sections.withUnsafeMutableBufferPointer { sections in
            // Section by section over the whole block keeps each one's state
            // in registers; the array is never resized, so this cannot allocate.
            for index in sections.indices {
                var section = sections[index]
                for n in 0..<count {
                    samples[n * stride] = section.process(samples[n * stride])
                }
                sections[index] = section
            }
        }
    }
}
