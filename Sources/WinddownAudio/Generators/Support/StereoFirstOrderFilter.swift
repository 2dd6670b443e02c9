/// A `FirstOrderFilter` run on both channels at once: the same
/// coefficients, one state per side, in one SIMD register, so a stereo
/// noise costs little more than a mono one.
struct StereoFirstOrderFilter {
    let b0: Float
    let b1: Float
    let a1: Float
    private var previousInput = SIMD2<Float>(repeating: 0)
    private var previousOutput = SIMD2<Float>(repeating: 0)

    init(_ filter: FirstOrderFilter) {
        b0 = filter.b0
        b1 = filter.b1
        a1 = filter.a1
    }

    @inline(__always)
    mutating func process(_ input: SIMD2<Float>) -> SIMD2<Float> {
        let output = b0 * input + b1 * previousInput - a1 * previousOutput
        previousInput = input
        previousOutput = output
        return output
    }
}
