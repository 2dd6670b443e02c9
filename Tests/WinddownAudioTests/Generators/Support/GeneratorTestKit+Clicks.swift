extension GeneratorTestKit {
    /// How impulsive the top of the spectrum is: the signal is high-passed
    /// (8th-order Butterworth at `cutoff`), cut into `windowSeconds` windows,
    /// and each window's energy is divided by the mean energy of the windows
    /// within `neighbourhoodSeconds` either side (itself excluded). Returns
    /// the largest ratio.
    ///
    /// A click (a step or a kink) sprays energy up to Nyquist within a
    /// sample or two, so one window's energy jumps far above its
    /// neighbours'. Steady hiss stays near 1, and smooth sounds that rise
    /// over milliseconds (drops, swells) lift many windows together.
    static func highFrequencySpikeRatio(
        _ signal: [Float], sampleRate: Double, cutoff: Double = 8_000,
        windowSeconds: Double = 0.001, neighbourhoodSeconds: Double = 0.05
    ) -> Double {
        let filtered = ButterworthFilter(.highPass, cutoff: cutoff, sampleRate: sampleRate).apply(to: signal)
        let windowLength = max(Int(windowSeconds * sampleRate), 1)
        let windowCount = filtered.count / windowLength
        var energies = [Double](repeating: 0, count: windowCount)
        for window in 0..<windowCount {
            var energy = 0.0
            for index in (window * windowLength)..<((window + 1) * windowLength) {
                energy += filtered[index] * filtered[index]
            }
            energies[window] = energy
        }
        // Skip the filter's start-up.
        let reach = Int(neighbourhoodSeconds / windowSeconds)
        var prefix = [Double](repeating: 0, count: windowCount + 1)
        for window in 0..<windowCount { prefix[window + 1] = prefix[window] + energies[window] }
        var largest = 0.0
        guard windowCount > 2 * reach + 1 else { return 0 }
        for window in reach..<(windowCount - reach) {
            let around = prefix[window + reach + 1] - prefix[window - reach] - energies[window]
            let meanAround = around / Double(2 * reach)
            guard meanAround > 0 else { continue }
            largest = max(largest, energies[window] / meanAround)
        }
        return largest
    }
}
