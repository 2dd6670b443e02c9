#if canImport(Glibc)
    import Glibc
#endif

/// A breathing guide: a low, soft tone that swells while you breathe in and
/// falls away while you breathe out, gliding a little up and down in pitch
/// with the breath. Mixed quietly under the voice; ends after `seconds`.
public final class BreathToneSource: SustainableSource {
    private let sampleRate: Double
    private let inhaleFrames: Int
    private let cycleFrames: Int
    private var totalFrames: Int
    private let edgeFrames: Int
    private let baseFrequency: Double
    private var phase = 0.0
    private var octavePhase = 0.0
    private var frame = 0

    /// Held past its end, it goes on breathing at the level it had (part of
    /// the way into its closing fade, it stays there); released, it ends after
    /// its current breath, or finishes the fade it was in, never jumping.
    public var isSustained = false {
        didSet {
            if isSustained {
                sustainedEdge = min(1, Double(max(0, totalFrames - frame)) / Double(edgeFrames))
                return
            }
            guard frame > totalFrames - edgeFrames else { return }
            if sustainedEdge < 1 {
                totalFrames = frame + Int(sustainedEdge * Double(edgeFrames))
            } else {
                totalFrames = frame + max(edgeFrames, cycleFrames - frame % cycleFrames)
            }
        }
    }
    /// The closing fade's factor when the hold began.
    private var sustainedEdge = 1.0

    public init(
        sampleRate: Double, inhaleSeconds: Double = 4, exhaleSeconds: Double = 6, seconds: Double,
        baseFrequency: Double = 196
    ) {
        self.sampleRate = sampleRate
        inhaleFrames = max(1, Int(inhaleSeconds * sampleRate))
        cycleFrames = inhaleFrames + max(1, Int(exhaleSeconds * sampleRate))
        totalFrames = max(0, Int(seconds * sampleRate))
        edgeFrames = max(1, Int(1.5 * sampleRate))
        self.baseFrequency = baseFrequency
    }

    /// Where the breath is: 0 at empty lungs, 1 at full; raised-cosine in and out.
    static func breath(at position: Int, inhale: Int, cycle: Int) -> Double {
        let p = position % cycle
        // cos(πx) as a quarter-turn-shifted sine: half a turn over each breath.
        func cosine(halfTurns x: Double) -> Double { Double(SineApproximation.sine(turns: Float((x / 2 + 0.25).truncatingRemainder(dividingBy: 1)))) }
        if p < inhale { return 0.5 - 0.5 * cosine(halfTurns: Double(p) / Double(inhale)) }
        return 0.5 + 0.5 * cosine(halfTurns: Double(p - inhale) / Double(cycle - inhale))
    }

    /// The tone's level and phase step (turns per frame) at `position`.
    private func envelope(at position: Int) -> (level: Float, step: Double) {
        let b = Self.breath(at: position, inhale: inhaleFrames, cycle: cycleFrames)
        // Never fully silent between breaths: the tone is the thread you follow.
        var level = 0.12 + 0.88 * b
        if position < edgeFrames { level *= Double(position) / Double(edgeFrames) }
        let toEnd = totalFrames - position
        if isSustained {
            level *= sustainedEdge
        } else if toEnd < edgeFrames {
            level *= Double(max(0, toEnd)) / Double(edgeFrames)
        }
        return (Float(level), baseFrequency * (1 + 0.03 * b) / sampleRate)
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        let n = isSustained ? frameCount : min(frameCount, totalFrames - frame)
        guard n > 0 else {
            for i in 0..<(2 * frameCount) { buffer[i] = 0 }
            return 0
        }
        // Locals in the loop: class properties would be checked for exclusive access every sample.
        var frame = self.frame
        var phase = self.phase
        var octavePhase = self.octavePhase
        defer {
            self.frame = frame
            self.phase = phase
            self.octavePhase = octavePhase
        }
        // The breath moves over seconds: its level and pitch are worked out
        // every 32 frames and glide linearly in between; only the tone itself
        // is computed per sample.
        var i = 0
        while i < n {
            let span = min(32, n - i)
            let (levelStart, stepStart) = envelope(at: frame)
            let (levelEnd, stepEnd) = envelope(at: frame + span)
            let levelSlope = (levelEnd - levelStart) / Float(span)
            let stepSlope = (stepEnd - stepStart) / Double(span)
            for k in 0..<span {
                let step = stepStart + stepSlope * Double(k)
                phase += step
                octavePhase += 2 * step
                if phase >= 1 { phase -= 1 }
                if octavePhase >= 1 { octavePhase -= 1 }
                let tone =
                    0.8 * SineApproximation.sine(turns: Float(phase))
                    + 0.15 * SineApproximation.sine(turns: Float(octavePhase))
                let value = (levelStart + levelSlope * Float(k)) * tone * 0.3
                buffer[2 * (i + k)] = value
                buffer[2 * (i + k) + 1] = value
            }
            frame += span
            i += span
        }
        for i in (2 * n)..<(2 * frameCount) { buffer[i] = 0 }
        return n
    }
}
