#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension GeneratorTestKit {
    /// A straight line fitted to a spectrum on log axes.
    struct SpectralSlope {
        /// Fitted slope in dB per octave.
        let decibelsPerOctave: Double
        /// The largest distance of any band from the fitted line, in dB.
        let largestDeviation: Double
    }

    /// Welch's power spectral density: Hann-windowed segments of `size`
    /// samples, overlapping by half, averaged. Returns one value per bin.
    static func powerSpectrum(_ signal: [Float], size: Int = 8_192) -> [Double] {
        let fft = FourierTransform(size: size)
        let window = (0..<size).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size)) }
        var power = [Double](repeating: 0, count: size / 2)
        var segments = 0
        var start = 0
        while start + size <= signal.count {
            var real = (0..<size).map { Double(signal[start + $0]) * window[$0] }
            var imaginary = [Double](repeating: 0, count: size)
            fft.transform(real: &real, imaginary: &imaginary)
            for bin in 0..<size / 2 {
                power[bin] += real[bin] * real[bin] + imaginary[bin] * imaginary[bin]
            }
            segments += 1
            start += size / 2
        }
        return power.map { $0 / Double(max(segments, 1)) }
    }

    /// Fits the mean power density of third-octave bands from `lowest` to
    /// `highest` hertz.
    static func spectralSlope(
        _ signal: [Float], sampleRate: Double, from lowest: Double = 100, to highest: Double = 5_000
    ) -> SpectralSlope {
        let size = 8_192
        let spectrum = powerSpectrum(signal, size: size)
        let binWidth = sampleRate / Double(size)
        var octaves: [Double] = []
        var levels: [Double] = []
        var centre = lowest
        while centre <= highest * 1.001 {
            let low = Int((centre * pow(2, -1.0 / 6) / binWidth).rounded(.up))
            let high = Int((centre * pow(2, 1.0 / 6) / binWidth).rounded(.down))
            let bins = spectrum[low...high]
            levels.append(10 * log10(bins.reduce(0, +) / Double(bins.count)))
            octaves.append(log2(centre))
            centre *= pow(2, 1.0 / 3)
        }
        let meanX = octaves.reduce(0, +) / Double(octaves.count)
        let meanY = levels.reduce(0, +) / Double(levels.count)
        var sxy = 0.0, sxx = 0.0
        for index in octaves.indices {
            sxy += (octaves[index] - meanX) * (levels[index] - meanY)
            sxx += (octaves[index] - meanX) * (octaves[index] - meanX)
        }
        let slope = sxy / sxx
        let deviation = octaves.indices.map { index in
            abs(levels[index] - (meanY + slope * (octaves[index] - meanX)))
        }.max() ?? 0
        return SpectralSlope(decibelsPerOctave: slope, largestDeviation: deviation)
    }
}
