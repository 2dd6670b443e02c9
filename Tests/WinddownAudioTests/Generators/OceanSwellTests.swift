import Testing
import WinddownAudio
import WinddownCore

/// Waves: the level (RMS in 250 ms windows, smoothed over 1.25 s) rises and
/// falls, and the crests come 4–15 s apart, 6–12 s on the median, at
/// irregular intervals.
@Suite("Ocean swells")
struct OceanSwellTests {
    @Test func wavesSwellAndRecedeEverySixToTwelveSeconds() throws {
        let recording = GeneratorTestKit.twoMinutes(of: .ocean)
        let mono = recording.left.indices.map { 0.5 * (recording.left[$0] + recording.right[$0]) }
        let envelope = GeneratorTestKit.levelEnvelope(mono, sampleRate: recording.sampleRate)
        let crests = GeneratorTestKit.swellPeaks(envelope)
        let intervals = zip(crests, crests.dropFirst()).map { Double($1 - $0) * 0.25 }
        try #require(intervals.count >= 7)
        #expect(intervals.allSatisfy { (4...15).contains($0) })
        let median = intervals.sorted()[intervals.count / 2]
        #expect((6...12).contains(median))
        // Randomised, not a fixed period.
        #expect((intervals.max() ?? 0) - (intervals.min() ?? 0) > 1)
        // A real swell: the loudest moments at least 6 dB above the quietest.
        let quietest = try #require(envelope.min()), loudest = try #require(envelope.max())
        #expect(loudest / quietest > 2)
    }
}
