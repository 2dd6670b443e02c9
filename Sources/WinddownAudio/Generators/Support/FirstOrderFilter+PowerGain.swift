extension FirstOrderFilter {
    /// How much a chain of sections multiplies the power of white noise: the
    /// energy of its impulse response. Used once in `init` to set levels
    /// exactly at any sample rate. Double precision keeps the long tails of
    /// low-frequency poles accurate.
    static func whiteNoisePowerGain(of chain: [FirstOrderFilter], sampleRate: Double) -> Double {
        var inputs = [Double](repeating: 0, count: chain.count)
        var outputs = [Double](repeating: 0, count: chain.count)
        var energy = 0.0
        // Two seconds is over a hundred time constants of the lowest pole used (5 Hz).
        for n in 0..<Int(sampleRate * 2) {
            var x: Double = n == 0 ? 1 : 0
            for (index, section) in chain.enumerated() {
                let y = Double(section.b0) * x + Double(section.b1) * inputs[index]
                    - Double(section.a1) * outputs[index]
                inputs[index] = x
                outputs[index] = y
                x = y
            }
            energy += x * x
        }
        return energy
    }
}
