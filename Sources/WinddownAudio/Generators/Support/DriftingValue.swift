/// A control value that glides smoothly between random targets, each glide
/// taking a random time, so slow changes (intensity, pitch, level) never
/// settle into a pattern. The glide is a smoothstep, so speed is continuous
/// and there are no audible corners.
struct DriftingValue {
    private(set) var value: Float
    private let range: ClosedRange<Float>
    private let shortestGlide: Double
    private let longestGlide: Double
    private var start: Float
    private var target: Float
    private var progress: Double = 0
    private var progressPerSample: Double = 0

    /// - Parameter glideSeconds: how long one glide to a new target may take,
    ///   in seconds of audio.
    init(
        range: ClosedRange<Float>, glideSeconds: ClosedRange<Double>, sampleRate: Double,
        random: inout RandomGenerator
    ) {
        self.range = range
        shortestGlide = glideSeconds.lowerBound * sampleRate
        longestGlide = glideSeconds.upperBound * sampleRate
        value = range.lowerBound + (range.upperBound - range.lowerBound) * random.unit()
        start = value
        target = value
        beginGlide(random: &random)
    }

    /// Moves `samples` samples on and returns the new value.
    @inline(__always)
    mutating func advance(by samples: Int = 1, random: inout RandomGenerator) -> Float {
        progress += progressPerSample * Double(samples)
        if progress >= 1 {
            // Land exactly on the target; the next glide starts from there,
            // with zero speed on both sides of the join.
            start = target
            beginGlide(random: &random)
        }
        let x = Float(progress)
        value = start + (target - start) * x * x * (3 - 2 * x)
        return value
    }

    private mutating func beginGlide(random: inout RandomGenerator) {
        target = range.lowerBound + (range.upperBound - range.lowerBound) * random.unit()
        let length = shortestGlide + (longestGlide - shortestGlide) * Double(random.unit())
        progress = 0
        progressPerSample = 1 / max(length, 1)
    }
}
