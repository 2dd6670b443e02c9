#if canImport(Glibc)
    import Glibc
#endif

/// A soft bell: a few inharmonic partials, each dying away at its own
/// rate, with a short attack so it rings rather than clicks. Marks the
/// start of a step without words. Ends on its own after `seconds`.
public final class ChimeSource: SoundSource {
    private struct Partial {
        var phase: Double
        let step: Double
        var amplitude: Double
        let decay: Double
        let pan: Float
    }

    private var partials: [Partial]
    private var remaining: Int
    private let attackFrames: Int
    private let fadeFrames: Int
    private let totalFrames: Int
    private var frame = 0

    /// - Parameter fundamental: the bell's lowest partial in Hz (about G5 by default).
    public init(sampleRate: Double, fundamental: Double = 784, seconds: Double = 4) {
        // Ratios and decays of a small bowl-like bell; the upper partials fade first.
        let shape: [(ratio: Double, level: Double, decaySeconds: Double, pan: Float)] = [
            (1.0, 0.50, 2.2, 0.0), (2.32, 0.22, 1.2, -0.3), (4.25, 0.12, 0.6, 0.3), (6.63, 0.05, 0.35, 0.0),
        ]
        partials = shape.map { p in
            Partial(
                phase: 0, step: fundamental * p.ratio / sampleRate, amplitude: p.level,
                decay: exp(-1 / (p.decaySeconds * sampleRate)), pan: p.pan)
        }
        totalFrames = Int(seconds * sampleRate)
        remaining = totalFrames
        attackFrames = max(1, Int(0.006 * sampleRate))
        fadeFrames = max(1, Int(0.3 * sampleRate))
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        let n = min(frameCount, remaining)
        // Work on locals (moved out, not copied): no per-sample exclusivity checks, no allocation.
        var partials: [Partial] = []
        swap(&partials, &self.partials)
        var frame = self.frame
        defer {
            swap(&partials, &self.partials)
            self.frame = frame
        }
        for i in 0..<n {
            var left = 0.0
            var right = 0.0
            for k in partials.indices {
                // Phase in turns and the generators' polynomial sine: no libm call per sample.
                let value = Double(SineApproximation.sine(turns: Float(partials[k].phase))) * partials[k].amplitude
                left += value * Double(1 - partials[k].pan)
                right += value * Double(1 + partials[k].pan)
                partials[k].phase += partials[k].step
                if partials[k].phase >= 1 { partials[k].phase -= 1 }
                partials[k].amplitude *= partials[k].decay
            }
            // Soft attack, and a final fade so the tail never stops on a step.
            var gain = frame < attackFrames ? Double(frame) / Double(attackFrames) : 1
            let left0 = totalFrames - frame
            if left0 < fadeFrames { gain *= Double(left0) / Double(fadeFrames) }
            buffer[2 * i] = Float(left * gain * 0.5)
            buffer[2 * i + 1] = Float(right * gain * 0.5)
            frame += 1
        }
        for i in (2 * n)..<(2 * frameCount) { buffer[i] = 0 }
        remaining -= n
        return n
    }
}
