import Foundation

/// ITU-R BS.1770 K-weighted loudness without gating: what a listener hears
/// as "equally loud" far better than plain RMS, which rates deep noises
/// (brown) several dB above bright ones (white) at the same loudness.
/// The filter coefficients are the standard's own, for 48 kHz only.
enum Loudness {
    /// Loudness (LUFS, ungated) of `clip` between two instants; all channels weigh 1.
    static func kWeighted(_ clip: AudioClip, _ start: Double, _ end: Double) -> Double {
        precondition(clip.sampleRate == 48_000, "K-weighting coefficients here are for 48 kHz")
        let part = Array(clip.slice(start, end))
        var total = 0.0
        for channel in 0..<clip.channels {
            var shelf = Biquad(b: (1.53512485958697, -2.69169618940638, 1.19839281085285), a: (-1.69065929318241, 0.73248077421585))
            var highPass = Biquad(b: (1.0, -2.0, 1.0), a: (-1.99004745483398, 0.99007225036621))
            var sum = 0.0
            var index = channel
            var count = 0
            while index < part.count {
                let y = highPass.process(shelf.process(Double(part[index])))
                sum += y * y
                count += 1
                index += clip.channels
            }
            total += count > 0 ? sum / Double(count) : 0
        }
        return total > 0 ? -0.691 + 10 * log10(total) : -200
    }

    private struct Biquad {
        let b: (Double, Double, Double)
        let a: (Double, Double)
        var z1 = 0.0
        var z2 = 0.0

        init(b: (Double, Double, Double), a: (Double, Double)) {
            self.b = b
            self.a = a
        }

        mutating func process(_ x: Double) -> Double {
            let y = b.0 * x + z1
            z1 = b.1 * x - a.0 * y + z2
            z2 = b.2 * x - a.1 * y
            return y
        }
    }
}
