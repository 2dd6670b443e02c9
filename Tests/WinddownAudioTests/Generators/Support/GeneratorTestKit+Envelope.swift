extension GeneratorTestKit {
    /// RMS of consecutive windows of `windowSeconds`.
    static func levelEnvelope(_ signal: [Float], sampleRate: Double, windowSeconds: Double = 0.25) -> [Double] {
        let length = Int(windowSeconds * sampleRate)
        return (0..<(signal.count / length)).map { window in
            rms(Array(signal[(window * length)..<((window + 1) * length)]))
        }
    }

    /// Times (in windows) of the swells of an envelope: points that are the
    /// highest within `reach` windows either side, after smoothing with a
    /// moving average `smoothing` windows wide.
    static func swellPeaks(_ envelope: [Double], smoothing: Int = 5, reach: Int = 10) -> [Int] {
        let half = smoothing / 2
        let smooth = envelope.indices.map { index in
            let range = max(0, index - half)...min(envelope.count - 1, index + half)
            return envelope[range].reduce(0, +) / Double(range.count)
        }
        return smooth.indices.filter { index in
            guard index >= reach, index < smooth.count - reach else { return false }
            let around = smooth[(index - reach)...(index + reach)]
            return smooth[index] == around.max()
        }
    }
}
