import Testing
@testable import WinddownAudio
import WinddownCore

@Suite("Built-in sounds: API and determinism")
struct BuiltInSoundTests {
    @Test func namesAndSummaries() {
        #expect(BuiltInSound.allCases.map(\.rawValue) == ["brown", "pink", "rain", "ocean", "drone"])
        let summaries = BuiltInSound.allCases.map(\.summary)
        #expect(Set(summaries).count == summaries.count)
        for summary in summaries {
            #expect(!summary.isEmpty && !summary.contains("\n"))
        }
    }

    @Test(arguments: BuiltInSound.allCases)
    func rendersEveryFrameAskedFor(sound: BuiltInSound) {
        let source = sound.makeSource(sampleRate: 48_000, seed: 3)
        var buffer = [Float](repeating: .nan, count: 2 * 4_096)
        for frameCount in [1, 7, 64, 4_096] {
            let produced = buffer.withUnsafeMutableBufferPointer {
                source.render(into: $0.baseAddress!, frameCount: frameCount)
            }
            #expect(produced == frameCount)
            #expect(buffer[0..<(2 * frameCount)].allSatisfy { $0.isFinite })
        }
        #expect(buffer.withUnsafeMutableBufferPointer { source.render(into: $0.baseAddress!, frameCount: 0) } == 0)
    }

    @Test(arguments: BuiltInSound.allCases)
    func sameSeedGivesTheSameSoundAnotherSeedAnother(sound: BuiltInSound) {
        let first = GeneratorTestKit.record(sound, seed: 42, seconds: 1)
        let again = GeneratorTestKit.record(sound, seed: 42, seconds: 1)
        let other = GeneratorTestKit.record(sound, seed: 43, seconds: 1)
        #expect(first.left == again.left && first.right == again.right)
        // Not merely different: unrelated.
        #expect(abs(GeneratorTestKit.correlation(first.left, other.left)) < 0.3)
    }

    /// The engine may render in any buffer size; the sound must not change.
    @Test(arguments: BuiltInSound.allCases)
    func bufferSizesDoNotChangeTheSound(sound: BuiltInSound) {
        let steady = GeneratorTestKit.record(sound, seed: 9, seconds: 2, blockFrames: 512)
        var sizes = RandomGenerator(seed: 5)
        let ragged = GeneratorTestKit.record(
            sound.makeSource(sampleRate: GeneratorTestKit.sampleRate, seed: 9),
            sampleRate: GeneratorTestKit.sampleRate, seconds: 2
        ) { _ in 1 + Int(sizes.next() % 700) }
        #expect(steady.left == ragged.left && steady.right == ragged.right)
    }
}
