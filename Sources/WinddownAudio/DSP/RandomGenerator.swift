/// A small, fast, seedable pseudo-random generator (xoshiro256**) for
/// noise synthesis on the audio thread: no allocation, no locks, and a
/// period far beyond anything audible.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        // splitmix64 spreads any seed (even 0) over the whole state.
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [-1, 1).
    @inlinable
    public mutating func bipolar() -> Float {
        // 24 signed bits, all exactly representable in a Float. (Converting
        // 32 bits rounded values near 2³¹ up, returning exactly 1.0.)
        Float(Int32(truncatingIfNeeded: next() >> 32) >> 8) * (1.0 / 8_388_608.0)
    }

    /// Uniform in [0, 1).
    @inlinable
    public mutating func unit() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    @usableFromInline
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
