#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A first-order IIR section, `y = b0·x + b1·x[n-1] − a1·y[n-1]`: the one
/// building block behind the noise colours (leaky integrators, DC blockers,
/// gentle low-passes and the pole–zero pairs of the pinking filter).
///
/// Coefficients come from frequencies in hertz, so every sample rate gets
/// the same response. The state is only ever fed with noise, which never
/// falls silent, so it cannot decay into the denormal range.
struct FirstOrderFilter {
    let b0: Float
    let b1: Float
    let a1: Float
    private var previousInput: Float = 0
    private var previousOutput: Float = 0

    init(b0: Float, b1: Float, a1: Float) {
        self.b0 = b0
        self.b1 = b1
        self.a1 = a1
    }

    /// The pole radius of a real pole at `frequency` hertz (matched z-transform).
    static func pole(at frequency: Double, sampleRate: Double) -> Double {
        exp(-2 * Double.pi * frequency / sampleRate)
    }

    /// Unity gain at DC, −3 dB near `cutoff`, −6 dB/octave above.
    static func lowPass(cutoff: Double, sampleRate: Double) -> FirstOrderFilter {
        let p = pole(at: cutoff, sampleRate: sampleRate)
        return FirstOrderFilter(b0: Float(1 - p), b1: 0, a1: Float(-p))
    }

    /// Removes DC and rumble below `cutoff`; unity gain at Nyquist.
    static func highPass(cutoff: Double, sampleRate: Double) -> FirstOrderFilter {
        let p = pole(at: cutoff, sampleRate: sampleRate)
        let g = (1 + p) / 2
        return FirstOrderFilter(b0: Float(g), b1: Float(-g), a1: Float(-p))
    }

    /// An integrator (−6 dB/octave) that leaks below `corner`, so it stays
    /// bounded instead of random-walking away.
    static func leakyIntegrator(corner: Double, sampleRate: Double) -> FirstOrderFilter {
        let p = pole(at: corner, sampleRate: sampleRate)
        return FirstOrderFilter(b0: 1, b1: 0, a1: Float(-p))
    }

    /// A pole and a zero: −6 dB/octave between them when `pole < zero`.
    static func poleZero(pole poleFrequency: Double, zero zeroFrequency: Double, sampleRate: Double)
        -> FirstOrderFilter
    {
        let p = pole(at: poleFrequency, sampleRate: sampleRate)
        let z = pole(at: zeroFrequency, sampleRate: sampleRate)
        return FirstOrderFilter(b0: 1, b1: Float(-z), a1: Float(-p))
    }

    @inline(__always)
    mutating func process(_ input: Float) -> Float {
        let output = b0 * input + b1 * previousInput - a1 * previousOutput
        previousInput = input
        previousOutput = output
        return output
    }
}
