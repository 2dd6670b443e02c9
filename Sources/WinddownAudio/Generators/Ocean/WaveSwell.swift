/// The rise and fall of one wave after another on a shore, as a value in
/// [0, 1]: each wave builds slowly to its crest, breaks, and drains away.
///
/// Every wave draws its own period (6–12 s), height, crest position and
/// stereo lean. Each starts and ends at 0 with zero slope, so consecutive
/// waves join smoothly however different they are.
struct WaveSwell {
    private let sampleRate: Double
    private var progress: Double = 0
    private var progressPerSample: Double = 0
    private var crest: Double = 0.4
    private var height: Float = 1
    /// Where in the stereo field this wave breaks, −1 … 1.
    private(set) var lean: Float = 0

    init(sampleRate: Double, random: inout RandomGenerator) {
        self.sampleRate = sampleRate
        beginWave(random: &random)
        // Start somewhere inside the first wave, not always at a trough.
        progress = Double(random.unit()) * 0.9
    }

    /// Moves `samples` samples on and returns the swell there.
    @inline(__always)
    mutating func advance(by samples: Int, random: inout RandomGenerator) -> Float {
        progress += progressPerSample * Double(samples)
        if progress >= 1 {
            beginWave(random: &random)
        }
        let shape: Double
        if progress < crest {
            // The build-up: smoothstep, flat at the trough and at the crest.
            let x = progress / crest
            shape = x * x * (3 - 2 * x)
        } else {
            // The break and backwash: falls fastest right after the crest,
            // then drains away, flat again at the next trough.
            let remaining = 1 - (progress - crest) / (1 - crest)
            shape = remaining * remaining
        }
        return height * Float(shape)
    }

    private mutating func beginWave(random: inout RandomGenerator) {
        let period = 6 + 6 * Double(random.unit())
        progress = 0
        progressPerSample = 1 / (period * sampleRate)
        crest = 0.35 + 0.2 * Double(random.unit())
        height = 0.6 + 0.4 * random.unit()
        lean = random.bipolar()
    }
}
