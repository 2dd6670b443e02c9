extension FirstOrderFilter {
    /// How much a chain of sections multiplies the power of white noise: the
    /// energy of its impulse response. Used once in `init` to set levels
    /// exactly at any sample rate. Double precision keeps the long tails of
    /// low-frequency poles accurate.
    ///
    /// Runs on the session's start path (every generator is made when a
    /// session starts): the loop works on flat buffers of coefficients and
    /// state, without iterators, so that it stays cheap in a debug build too.
    static func whiteNoisePowerGain(of chain: [FirstOrderFilter], sampleRate: Double) -> Double {
        let count = chain.count
        // Per section: b0, b1, a1, last input, last output.
        var state = [Double](repeating: 0, count: 5 * count)
        for (index, section) in chain.enumerated() {
            state[5 * index] = Double(section.b0)
            state[5 * index + 1] = Double(section.b1)
            state[5 * index + 2] = Double(section.a1)
        }
        var energy = 0.0
        // Two seconds is over a hundred time constants of the lowest pole used (5 Hz).
        let length = Int(sampleRate * 2)
        state.withUnsafeMutableBufferPointer { buffer in
            guard let s = buffer.baseAddress else { return }
            var n = 0
            while n < length {
                var x: Double = n == 0 ? 1 : 0
                var offset = 0
                while offset < 5 * count {
                    let y = s[offset] * x + s[offset + 1] * s[offset + 3] - s[offset + 2] * s[offset + 4]
                    s[offset + 3] = x
                    s[offset + 4] = y
                    x = y
                    offset += 5
                }
                energy += x * x
                n += 1
            }
        }
        return energy
    }
}
