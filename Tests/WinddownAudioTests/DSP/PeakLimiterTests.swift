import Foundation
import Testing
@testable import WinddownAudio

@Suite("Peak limiter")
struct PeakLimiterTests {
    @Test("no sample ever exceeds the ceiling, whatever goes in", arguments: [0.1, 0.3, 0.5, 0.9] as [Float])
    func ceilingIsAbsolute(ceiling: Float) {
        let limiter = PeakLimiter(ceiling: ceiling, sampleRate: 48_000)
        var random = RandomGenerator(seed: 7)
        var block = [Float](repeating: 0, count: 2 * 512)
        var peak: Float = 0
        for round in 0..<400 {
            // Bursts of noise and isolated spikes up to 20 times full scale.
            let scale: Float = round % 7 == 0 ? 20 : Float(round % 5)
            for i in block.indices { block[i] = random.bipolar() * scale }
            if round % 3 == 0 { block[Int(random.next() % 1024)] = -scale * 2 }
            block.withUnsafeMutableBufferPointer { limiter.process($0.baseAddress!, frameCount: 512) }
            peak = max(peak, block.reduce(0) { max($0, abs($1)) })
        }
        #expect(peak <= ceiling)
    }

    @Test("a signal under the ceiling passes untouched, only delayed by the look-ahead")
    func transparentBelowCeiling() {
        let limiter = PeakLimiter(ceiling: 0.5, sampleRate: 48_000)
        let frames = 4096
        var input = [Float](repeating: 0, count: 2 * frames)
        for i in 0..<frames {
            input[2 * i] = 0.4 * Float(sin(Double(i) * 0.05))
            input[2 * i + 1] = -input[2 * i]
        }
        var output = input
        output.withUnsafeMutableBufferPointer { limiter.process($0.baseAddress!, frameCount: frames) }
        let delay = limiter.latencyFrames
        for i in delay..<frames {
            #expect(output[2 * i] == input[2 * (i - delay)])
            #expect(output[2 * i + 1] == input[2 * (i - delay) + 1])
        }
    }

    @Test("the gain starts falling before a peak arrives and recovers slowly after")
    func anticipatesPeaks() {
        let limiter = PeakLimiter(ceiling: 0.5, sampleRate: 48_000, lookaheadSeconds: 0.005, releaseSeconds: 0.1)
        let frames = 48_000
        var signal = [Float](repeating: 0.25, count: 2 * frames)
        // One spike to 2.0 at frame 10 000.
        signal[20_000] = 2
        signal[20_001] = 2
        var output = signal
        output.withUnsafeMutableBufferPointer { limiter.process($0.baseAddress!, frameCount: frames) }
        let d = limiter.latencyFrames
        let gainAt = { (frame: Int) in output[2 * (frame + d)] / signal[2 * frame] }
        #expect(abs(gainAt(10_000) - 0.25) < 1e-4)  // exactly enough on the spike
        #expect(gainAt(10_000 - d / 2) < 0.99)  // already lower half a look-ahead before
        #expect(gainAt(10_000 - d - 2) > 0.999)  // untouched before the look-ahead
        // No jump anywhere in the gain: at most the look-ahead's ramp per sample.
        for frame in 1..<(frames - d) {
            #expect(abs(gainAt(frame) - gainAt(frame - 1)) <= 0.75 / Float(d) + 1e-4)
        }
    }
}
