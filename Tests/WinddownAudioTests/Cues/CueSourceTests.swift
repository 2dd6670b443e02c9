import Foundation
import Testing
@testable import WinddownAudio

@Suite("Chime and breathing tone")
struct CueSourceTests {
    static let rate = 48_000.0

    static func render(_ source: any SoundSource, seconds: Double) -> (samples: [Float], produced: Int) {
        let frames = Int(seconds * rate)
        var out = [Float](repeating: 0, count: 2 * frames)
        var produced = 0
        while produced < frames {
            let n = out.withUnsafeMutableBufferPointer { source.render(into: $0.baseAddress! + 2 * produced, frameCount: min(512, frames - produced)) }
            produced += n
            if n < min(512, frames - produced + n) { break }
        }
        return (out, produced)
    }

    /// RMS of the left channel in `[from, to)` seconds.
    static func level(_ samples: [Float], _ from: Double, _ to: Double) -> Double {
        let a = Int(from * rate), b = Int(to * rate)
        let sum = stride(from: 2 * a, to: 2 * b, by: 2).reduce(0.0) { $0 + Double(samples[$1] * samples[$1]) }
        return (sum / Double(b - a)).squareRoot()
    }

    @Test("the breathing tone swells over the in-breath and falls over the out-breath, cycle after cycle")
    func breathingFollowsThePattern() {
        let tone = BreathToneSource(sampleRate: Self.rate, inhaleSeconds: 4, exhaleSeconds: 6, seconds: 40)
        let (samples, produced) = Self.render(tone, seconds: 41)
        #expect(produced == Int(40 * Self.rate), "produced \(produced) frames")
        // Second and third cycles (away from the fade in and out): 10 s each.
        for cycle in 1...2 {
            let start = Double(cycle) * 10
            let inhale = (0..<8).map { Self.level(samples, start + Double($0) * 0.5, start + Double($0) * 0.5 + 0.5) }
            let exhale = (0..<12).map { Self.level(samples, start + 4 + Double($0) * 0.5, start + 4.5 + Double($0) * 0.5) }
            #expect(zip(inhale, inhale.dropFirst()).allSatisfy { $1 > $0 }, "cycle \(cycle) in-breath does not swell: \(inhale)")
            #expect(zip(exhale, exhale.dropFirst()).allSatisfy { $1 < $0 }, "cycle \(cycle) out-breath does not fall: \(exhale)")
            #expect(inhale.last! > 4 * inhale.first!, "too little swell")
        }
        // It starts and ends softly: no click at either edge.
        #expect(abs(samples[0]) < 1e-3 && abs(samples[2 * (produced - 1)]) < 1e-3)
    }

    @Test("a chime rings out and ends by itself, without a click at its start or end")
    func chimeRingsOut() {
        let chime = ChimeSource(sampleRate: Self.rate, seconds: 4)
        let (samples, produced) = Self.render(chime, seconds: 5)
        #expect(produced == Int(4 * Self.rate))
        #expect(Self.level(samples, 0, 0.5) > 3 * Self.level(samples, 3, 3.5), "it does not decay")
        let left = stride(from: 0, to: 2 * produced, by: 2).map { samples[$0] }
        // The attack ramps over 6 ms: the first samples are tiny, the last too.
        #expect(abs(left[1]) < 0.01 && abs(left[produced - 1]) < 1e-3)
        let peak = left.map(abs).max() ?? 0
        #expect(peak > 0.1 && peak < 1)
    }
}
