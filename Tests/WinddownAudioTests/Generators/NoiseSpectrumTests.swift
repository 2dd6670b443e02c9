import Testing
import WinddownAudio
import WinddownCore

/// Noise colours: the slope of a line fitted to third-octave band levels
/// (Welch spectrum) from 100 Hz to 5 kHz, within ±0.5 dB/octave of the
/// ideal, and no band more than 1.5 dB off that line.
@Suite("Noise colours")
struct NoiseSpectrumTests {
    @Test(arguments: [(BuiltInSound.brown, -6.0), (.pink, -3.0)], [22_050.0, 48_000])
    func slopeMatchesTheColour(expected: (sound: BuiltInSound, slope: Double), sampleRate: Double) {
        let recording = GeneratorTestKit.record(expected.sound, sampleRate: sampleRate, seconds: 4)
        let fit = GeneratorTestKit.spectralSlope(recording.left, sampleRate: sampleRate)
        #expect(abs(fit.decibelsPerOctave - expected.slope) < 0.5)
        #expect(fit.largestDeviation < 1.5)
    }
}
