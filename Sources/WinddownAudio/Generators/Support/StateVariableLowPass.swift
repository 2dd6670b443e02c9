/// A two-pole low-pass (trapezoidal state-variable filter) whose cutoff can
/// move every block without clicks or instability, unlike a direct-form
/// biquad. Driven only by noise, so its state never goes denormal.
struct StateVariableLowPass {
    /// 1/Q; 1.6 gives a soft knee with no resonant peak.
    private let damping: Float
    private var a1: Float = 1
    private var a2: Float = 0
    private var a3: Float = 0
    private var bandState: Float = 0
    private var lowState: Float = 0

    init(damping: Float = 1.6) {
        self.damping = damping
    }

    /// The prewarped frequency, tan(π·cutoff/sampleRate); callers precompute it.
    mutating func setWarpedCutoff(_ g: Float) {
        a1 = 1 / (1 + g * (g + damping))
        a2 = g * a1
        a3 = g * a2
    }

    @inline(__always)
    mutating func process(_ input: Float) -> Float {
        let v3 = input - lowState
        let v1 = a1 * bandState + a2 * v3
        let v2 = lowState + a2 * bandState + a3 * v3
        bandState = 2 * v1 - bandState
        lowState = 2 * v2 - lowState
        return v2
    }
}
