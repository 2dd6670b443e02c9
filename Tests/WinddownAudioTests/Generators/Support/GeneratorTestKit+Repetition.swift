extension GeneratorTestKit {
    /// The most a `windowSeconds` stretch of `signal` starting at
    /// `referenceSeconds` resembles any other stretch of the same length
    /// that does not overlap it: the largest |normalised cross-correlation|
    /// over every position, one sample apart. An exact repeat gives 1;
    /// unrelated noise stays near 0.
    ///
    /// Computed with the FFT; for speed the signal is first low-passed and
    /// taken down to `analysisRate`. A repeat survives that (a band-limited
    /// repeat off by half a sample still correlates above 0.7).
    static func largestSelfSimilarity(
        _ signal: [Float], sampleRate: Double, referenceSeconds: Double, windowSeconds: Double = 2,
        separationSeconds: Double? = nil, analysisRate: Double = 2_000
    ) -> Double {
        let factor = max(Int((sampleRate / analysisRate).rounded()), 1)
        let rate = sampleRate / Double(factor)
        let smoothed =
            factor > 1
            ? ButterworthFilter(.lowPass, cutoff: 0.4 * rate, sampleRate: sampleRate).apply(to: signal)
            : signal.map(Double.init)
        let x = stride(from: 0, to: smoothed.count, by: factor).map { smoothed[$0] }
        let windowLength = Int(windowSeconds * rate)
        let reference = Int(referenceSeconds * rate)
        precondition(reference + windowLength <= x.count)

        var size = 1
        while size < x.count { size <<= 1 }
        let fft = FourierTransform(size: size)
        // Correlation of the window against every position: X · conj(W).
        var signalReal = x + [Double](repeating: 0, count: size - x.count)
        var signalImaginary = [Double](repeating: 0, count: size)
        fft.transform(real: &signalReal, imaginary: &signalImaginary)
        var windowReal = [Double](repeating: 0, count: size)
        for n in 0..<windowLength { windowReal[n] = x[reference + n] }
        var windowImaginary = [Double](repeating: 0, count: size)
        fft.transform(real: &windowReal, imaginary: &windowImaginary)
        for bin in 0..<size {
            let re = signalReal[bin] * windowReal[bin] + signalImaginary[bin] * windowImaginary[bin]
            let im = signalImaginary[bin] * windowReal[bin] - signalReal[bin] * windowImaginary[bin]
            signalReal[bin] = re
            signalImaginary[bin] = im
        }
        fft.transform(real: &signalReal, imaginary: &signalImaginary, inverse: true)

        var windowEnergy = 0.0
        for n in 0..<windowLength { windowEnergy += x[reference + n] * x[reference + n] }
        var prefix = [Double](repeating: 0, count: x.count + 1)
        for n in x.indices { prefix[n + 1] = prefix[n] + x[n] * x[n] }
        var largest = 0.0
        let separation = separationSeconds.map { Int($0 * rate) } ?? windowLength
        for lag in 0...(x.count - windowLength) where abs(lag - reference) >= separation {
            let energy = prefix[lag + windowLength] - prefix[lag]
            guard energy > 0 else { continue }
            largest = max(largest, abs(signalReal[lag]) / (windowEnergy * energy).squareRoot())
        }
        return largest
    }
}
