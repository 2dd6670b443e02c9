/// One raindrop: a short, softly struck tone that glides slightly upwards,
/// like the bubble a drop leaves on water, with an optional overtone for a
/// brighter "tick".
///
/// The envelope is a smoothstep attack (zero value and zero slope at the
/// start) followed by a cubic decay that reaches zero with zero slope, so
/// a drop can neither start nor end with a click.
struct RainDropVoice {
    /// Everything random about a drop, drawn by the caller.
    struct Shape {
        var frequency: Float
        var glide: Float  // frequency ratio reached by the end, ≥ 1
        var overtoneRatio: Float
        var overtoneLevel: Float
        var attackSeconds: Float
        var decaySeconds: Float
        var amplitude: Float
        var pan: Float  // −1 (left) … 1 (right)
    }

    private var phase: Float = 0
    private var increment: Float
    private var incrementSlope: Float
    private var overtonePhase: Float = 0
    private var overtoneIncrement: Float
    private var overtoneSlope: Float
    private let overtoneLevel: Float
    private let attackStep: Float
    private let decayStep: Float
    private var attackProgress: Float = 0
    private var decayProgress: Float = 0
    private let leftGain: Float
    private let rightGain: Float
    /// Frames of silence before the drop begins, so drops can start
    /// mid-block.
    private var delayFrames: Int

    /// - Parameter highestFrequency: no partial may glide above this (keeps
    ///   drops clear of Nyquist and of the hiss band).
    init(shape: Shape, sampleRate: Float, highestFrequency: Float, delayFrames: Int) {
        self.delayFrames = delayFrames
        let attackSamples = max(shape.attackSeconds * sampleRate, 2)
        let decaySamples = max(shape.decaySeconds * sampleRate, 2)
        let endFrequency = min(shape.frequency * shape.glide, highestFrequency)
        let startFrequency = min(shape.frequency, endFrequency)
        increment = startFrequency / sampleRate
        // A linear glide over the drop's whole length.
        incrementSlope = (endFrequency - startFrequency) / sampleRate / (attackSamples + decaySamples)
        let fits = endFrequency * shape.overtoneRatio <= highestFrequency
        overtoneLevel = fits ? shape.overtoneLevel : 0
        overtoneIncrement = increment * shape.overtoneRatio
        overtoneSlope = incrementSlope * shape.overtoneRatio
        attackStep = 1 / attackSamples
        decayStep = 1 / decaySamples
        // Constant-power pan: a quarter turn split between the channels.
        let angle = (min(max(shape.pan, -1), 1) + 1) / 8
        leftGain = shape.amplitude * SineApproximation.sine(turns: angle + 0.25)
        rightGain = shape.amplitude * SineApproximation.sine(turns: angle)
    }

    /// Adds the next `count` frames of this drop to interleaved stereo.
    ///
    /// - Returns: whether the drop is still sounding afterwards.
    mutating func render(adding buffer: UnsafeMutablePointer<Float>, count: Int) -> Bool {
        let silent = min(delayFrames, count)
        delayFrames -= silent
        for frame in silent..<count {
            let envelope: Float
            if attackProgress < 1 {
                let x = attackProgress
                envelope = x * x * (3 - 2 * x)
                attackProgress += attackStep
            } else {
                let remaining = 1 - decayProgress
                guard remaining > 0 else { return false }
                envelope = remaining * remaining * remaining
                decayProgress += decayStep
            }
            let tone =
                SineApproximation.sine(turns: phase)
                + overtoneLevel * SineApproximation.sine(turns: overtonePhase)
            let sample = envelope * tone
            buffer[2 * frame] += leftGain * sample
            buffer[2 * frame + 1] += rightGain * sample
            phase += increment
            if phase >= 1 { phase -= 1 }
            overtonePhase += overtoneIncrement
            if overtonePhase >= 1 { overtonePhase -= 1 }
            increment += incrementSlope
            overtoneIncrement += overtoneSlope
        }
        return decayProgress < 1
    }
}
