#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A table, computed once, from a brightness in [0, 1] to the surf filter's
/// cutoff (180 Hz … 3 kHz, exponentially) and to the gain that keeps white
/// noise through it at unit power. The audio thread then needs no `tan` or
/// `exp`, only a lookup and a linear interpolation.
struct SurfBrightness {
    private static let entries = 64
    private static let darkest = 180.0
    private static let brightest = 3_000.0

    private let warpedCutoffs: [Float]
    private let gains: [Float]

    init(sampleRate: Double, damping: Float) {
        let brightest = min(Self.brightest, 0.4 * sampleRate)
        var warpedCutoffs: [Float] = []
        var gains: [Float] = []
        for index in 0...Self.entries {
            let brightness = Double(index) / Double(Self.entries)
            let cutoff = Self.darkest * pow(brightest / Self.darkest, brightness)
            let g = Float(tan(Double.pi * cutoff / sampleRate))
            warpedCutoffs.append(g)
            gains.append(Float(1 / Self.powerGain(warpedCutoff: g, damping: damping, sampleRate: sampleRate).squareRoot()))
        }
        self.warpedCutoffs = warpedCutoffs
        self.gains = gains
    }

    /// The filter setting and the level correction for `brightness`.
    @inline(__always)
    func lookUp(_ brightness: Float) -> (warpedCutoff: Float, gain: Float) {
        let position = min(max(brightness, 0), 1) * Float(Self.entries)
        let index = min(Int(position), Self.entries - 1)
        let fraction = position - Float(index)
        let g = warpedCutoffs[index] + fraction * (warpedCutoffs[index + 1] - warpedCutoffs[index])
        let gain = gains[index] + fraction * (gains[index + 1] - gains[index])
        return (g, gain)
    }

    /// The energy of the filter's impulse response.
    private static func powerGain(warpedCutoff: Float, damping: Float, sampleRate: Double) -> Double {
        var filter = StateVariableLowPass(damping: damping)
        filter.setWarpedCutoff(warpedCutoff)
        var energy = 0.0
        // A quarter second covers dozens of time constants of the darkest setting.
        for n in 0..<Int(sampleRate / 4) {
            let y = Double(filter.process(n == 0 ? 1 : 0))
            energy += y * y
        }
        return energy
    }
}
