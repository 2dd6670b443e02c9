/// A pair of unit-variance white-noise channels that share part of their
/// signal: fully independent channels sound like two unrelated sounds, fully
/// shared ones collapse to the centre, so each generator picks a point between.
struct StereoWhiteNoise {
    private var random: RandomGenerator
    private let midWeight: Float
    private let sideWeight: Float

    /// - Parameter correlation: the correlation between the channels, in [-1, 1].
    init(seed: UInt64, correlation: Float) {
        random = RandomGenerator(seed: seed)
        // L = m·mid + s·side, R = m·mid − s·side with m² + s² = 1 gives a
        // correlation of m² − s². The √3 turns uniform noise (variance 1/3)
        // into unit variance, which keeps level calculations simple.
        let clamped = min(max(correlation, -1), 1)
        midWeight = ((1 + clamped) / 2).squareRoot() * Float(3).squareRoot()
        sideWeight = ((1 - clamped) / 2).squareRoot() * Float(3).squareRoot()
    }

    @inline(__always)
    mutating func next() -> (left: Float, right: Float) {
        let mid = random.bipolar() * midWeight
        let side = random.bipolar() * sideWeight
        return (mid + side, mid - side)
    }
}
