import Testing
@testable import WinddownAudio
import WinddownCore

/// No clicks: checked three ways, each shown to fail on a planted click.
@Suite("Built-in sounds: no clicks")
struct GeneratorClickTests {
    /// The largest sample-to-sample step, as a multiple of the RMS, over two
    /// minutes. Brown and drone are smooth (measured 0.21 and 0.06); the
    /// ocean's bright crests make real steps up to about 1.9.
    @Test(arguments: [(BuiltInSound.brown, 0.35), (.drone, 0.15), (.ocean, 2.5)])
    func largestStepIsSmall(sound: BuiltInSound, limit: Double) {
        for channel in GeneratorTestKit.twoMinutes(of: sound).channels {
            let ratio = Double(GeneratorTestKit.largestStep(channel)) / GeneratorTestKit.rms(channel)
            #expect(ratio < limit)
        }
    }

    @Test func stepCheckCatchesAPlantedClick() {
        // A sudden 0.05 offset, −26 dBFS: about 2.5 times brown noise's own largest step.
        var brown = GeneratorTestKit.record(.brown, seconds: 2).left
        for index in 50_000..<brown.count { brown[index] += 0.05 }
        #expect(Double(GeneratorTestKit.largestStep(brown)) / GeneratorTestKit.rms(brown) > 0.35)
    }

    /// Above 8 kHz, no 1 ms window holds more than 6 times the mean energy
    /// of the windows within 50 ms of it (30 s at 48 kHz; measured 2.2–3.7).
    @Test(arguments: BuiltInSound.allCases)
    func noIsolatedHighFrequencySpikes(sound: BuiltInSound) {
        let excerpt = GeneratorTestKit.twoMinutes(of: sound).excerpt(from: 0, seconds: 30)
        for channel in excerpt.channels {
            #expect(GeneratorTestKit.highFrequencySpikeRatio(channel, sampleRate: excerpt.sampleRate) < 6)
        }
    }

    @Test func spikeCheckCatchesAPlantedClick() {
        // The hiss fills the top octaves, so in the full mix only a gross
        // click stands out; the drops are checked on their own below.
        var rain = GeneratorTestKit.record(.rain, seconds: 2).left
        for index in 50_000..<rain.count { rain[index] += 0.5 }
        #expect(GeneratorTestKit.highFrequencySpikeRatio(rain, sampleRate: GeneratorTestKit.sampleRate) > 6)
    }

    /// The drops alone, without the hiss that masks them: 20 s of them put
    /// less than 1e-5 (−50 dB) of their energy above 8 kHz, and the
    /// high-passed signal never exceeds 0.002 (measured 2e-7 and 0.0003).
    @Test func rainDropsStartAndEndSmoothly() {
        let rate = GeneratorTestKit.sampleRate
        let field = RainDropField(sampleRate: rate, seed: 1)
        let frames = Int(rate) * 20
        var buffer = [Float](repeating: 0, count: 2 * frames)
        buffer.withUnsafeMutableBufferPointer {
            field.render(adding: $0.baseAddress!, frameCount: frames, dropsPerSecond: 70)
        }
        let left = stride(from: 0, to: buffer.count, by: 2).map { buffer[$0] }
        #expect(GeneratorTestKit.peak(left) > 0.1)  // the drops are there
        let high = Self.highFrequencyShare(left)
        #expect(high.fraction < 1e-5)
        #expect(high.peak < 0.002)
    }

    @Test func dropCheckCatchesAnAbruptDrop() {
        // One drop whose attack is only two samples long.
        let shape = RainDropVoice.Shape(
            frequency: 3_000, glide: 1, overtoneRatio: 2, overtoneLevel: 0, attackSeconds: 0,
            decaySeconds: 0.02, amplitude: 0.2, pan: 0)
        var voice = RainDropVoice(
            shape: shape, sampleRate: Float(GeneratorTestKit.sampleRate), highestFrequency: 5_000,
            delayFrames: 100)
        var buffer = [Float](repeating: 0, count: 2 * 4_800)
        _ = buffer.withUnsafeMutableBufferPointer { voice.render(adding: $0.baseAddress!, count: 4_800) }
        let left = stride(from: 0, to: buffer.count, by: 2).map { buffer[$0] }
        let high = Self.highFrequencyShare(left)
        #expect(high.fraction > 1e-5 || high.peak > 0.002)
    }

    private static func highFrequencyShare(_ signal: [Float]) -> (fraction: Double, peak: Double) {
        let high = GeneratorTestKit.ButterworthFilter(
            .highPass, cutoff: 8_000, sampleRate: GeneratorTestKit.sampleRate
        ).apply(to: signal)
        let highEnergy = high.reduce(0) { $0 + $1 * $1 }
        let totalEnergy = signal.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (highEnergy / totalEnergy, high.map(abs).max() ?? 0)
    }
}
