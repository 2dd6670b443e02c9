#if canImport(Glibc)
    import Glibc
#endif

/// Integrated loudness of a stereo signal in LUFS after ITU-R BS.1770:
/// K-weighting, 400 ms blocks overlapping by 75 %, an absolute gate at
/// -70 LUFS and a relative gate 10 LU below the ungated level.
public struct LoudnessMeter {
    private var filters: [(shelf: Biquad, highPass: Biquad)]
    private let stepFrames: Int
    /// Mean square (summed over both channels) of each 100 ms quarter block.
    private var quarterPowers: [Double] = []
    private var accumulated = 0.0
    private var accumulatedFrames = 0

    public init(sampleRate: Double) {
        let pair = (Biquad.kWeightingShelf(sampleRate: sampleRate), Biquad.kWeightingHighPass(sampleRate: sampleRate))
        filters = [pair, pair]
        stepFrames = max(1, Int(sampleRate / 10))
    }

    /// Feeds interleaved stereo frames.
    public mutating func add(_ samples: UnsafePointer<Float>, frameCount: Int) {
        for frame in 0..<frameCount {
            var sum = 0.0
            for channel in 0..<2 {
                let x = Double(samples[2 * frame + channel])
                let y = filters[channel].highPass.process(filters[channel].shelf.process(x))
                sum += y * y
            }
            accumulated += sum
            accumulatedFrames += 1
            if accumulatedFrames == stepFrames {
                quarterPowers.append(accumulated / Double(stepFrames))
                accumulated = 0
                accumulatedFrames = 0
            }
        }
    }

    /// Gated integrated loudness; nil until at least one 400 ms block has been seen
    /// or when everything is below the absolute gate (silence).
    public var integratedLoudness: Double? {
        guard quarterPowers.count >= 4 else { return nil }
        var blocks: [Double] = []
        blocks.reserveCapacity(quarterPowers.count - 3)
        for i in 3..<quarterPowers.count {
            blocks.append((quarterPowers[i - 3] + quarterPowers[i - 2] + quarterPowers[i - 1] + quarterPowers[i]) / 4)
        }
        func loudness(_ power: Double) -> Double { -0.691 + 10 * log10(power) }
        let aboveAbsolute = blocks.filter { $0 > 0 && loudness($0) > -70 }
        guard !aboveAbsolute.isEmpty else { return nil }
        let ungated = aboveAbsolute.reduce(0, +) / Double(aboveAbsolute.count)
        let relativeGate = loudness(ungated) - 10
        let gated = aboveAbsolute.filter { loudness($0) > relativeGate }
        return loudness(gated.reduce(0, +) / Double(gated.count))
    }
}
