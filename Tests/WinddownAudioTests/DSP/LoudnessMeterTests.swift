import Foundation
import Testing
@testable import WinddownAudio

@Suite("Loudness meter (ITU-R BS.1770)")
struct LoudnessMeterTests {
    /// A stereo sine whose peak is `level` dBFS.
    func sine(frequency: Double, level: Double, seconds: Double, rate: Double) -> [Float] {
        let amplitude = pow(10, level / 20)
        let frames = Int(seconds * rate)
        var samples = [Float](repeating: 0, count: 2 * frames)
        for i in 0..<frames {
            let value = Float(amplitude * sin(2 * Double.pi * frequency * Double(i) / rate))
            samples[2 * i] = value
            samples[2 * i + 1] = value
        }
        return samples
    }

    func measure(_ samples: [Float], rate: Double) -> Double? {
        var meter = LoudnessMeter(sampleRate: rate)
        samples.withUnsafeBufferPointer { meter.add($0.baseAddress!, frameCount: samples.count / 2) }
        return meter.integratedLoudness
    }

    @Test("a 1 kHz sine at -23 dBFS in both channels reads -23 LUFS (EBU Tech 3341)", arguments: [44_100.0, 48_000.0, 96_000.0])
    func referenceTone(rate: Double) throws {
        let loudness = try #require(measure(sine(frequency: 1000, level: -23, seconds: 5, rate: rate), rate: rate))
        #expect(abs(loudness + 23) < 0.1, "read \(loudness) LUFS")
    }

    @Test("K-weighting: low frequencies count for less, highs for more")
    func weighting() throws {
        let low = try #require(measure(sine(frequency: 40, level: -20, seconds: 3, rate: 48_000), rate: 48_000))
        let high = try #require(measure(sine(frequency: 4000, level: -20, seconds: 3, rate: 48_000), rate: 48_000))
        #expect(low < -20.5)
        #expect(high > -17.5)
    }

    @Test("silence has no loudness, and gating ignores quiet stretches")
    func gating() throws {
        #expect(measure([Float](repeating: 0, count: 2 * 48_000 * 2), rate: 48_000) == nil)
        // Tone, then a long near-silence: the relative gate leaves the tone's loudness.
        let tone = sine(frequency: 1000, level: -23, seconds: 4, rate: 48_000)
        let hush = sine(frequency: 1000, level: -60, seconds: 8, rate: 48_000)
        let loudness = try #require(measure(tone + hush, rate: 48_000))
        #expect(abs(loudness + 23) < 0.2)
    }

    @Test("the trim brings a file to the target, within limits")
    func trim() {
        #expect(LoudnessScan.trim(measured: -5, target: -9) == -4)
        #expect(LoudnessScan.trim(measured: -60, target: -9) == 12)
        #expect(LoudnessScan.trim(measured: nil, target: -9) == 0)
    }
}
