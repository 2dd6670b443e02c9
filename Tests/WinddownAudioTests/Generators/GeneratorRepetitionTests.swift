import Testing
import WinddownAudio
import WinddownCore

/// Nothing loops: a 2 s window from 20 s in is compared with every other
/// non-overlapping 2 s window of the first minute (normalised
/// cross-correlation, at every sample of a 2 kHz analysis rate).
@Suite("Built-in sounds: no repetition within a minute")
struct GeneratorRepetitionTests {
    /// Noise-based sounds stay well under 0.3. The drone is a held chord, so
    /// some later moment always resembles the window (about 0.8); any real
    /// loop still scores above 0.97.
    @Test(arguments: [
        (BuiltInSound.brown, 0.5), (.pink, 0.5), (.rain, 0.5), (.ocean, 0.5), (.drone, 0.9),
    ])
    func noWindowRecursWithinAMinute(sound: BuiltInSound, limit: Double) {
        let minute = GeneratorTestKit.twoMinutes(of: sound).excerpt(from: 0, seconds: 60)
        let similarity = GeneratorTestKit.largestSelfSimilarity(
            minute.left, sampleRate: minute.sampleRate, referenceSeconds: 20)
        #expect(similarity < limit)
    }

    @Test(arguments: [BuiltInSound.brown, .drone])
    func repetitionCheckCatchesALoop(sound: BuiltInSound) {
        // The first 13.1 s played over and over.
        let minute = GeneratorTestKit.twoMinutes(of: sound).excerpt(from: 0, seconds: 60)
        let loopLength = Int(13.1 * minute.sampleRate)
        let looped = minute.left.indices.map { minute.left[$0 % loopLength] }
        let similarity = GeneratorTestKit.largestSelfSimilarity(
            looped, sampleRate: minute.sampleRate, referenceSeconds: 20)
        #expect(similarity > 0.97)
    }
}
