import Testing
import WinddownAudio
import WinddownCore

/// Levels, DC and stereo width, from two minutes of each sound at 48 kHz
/// and shorter runs at other rates.
@Suite("Built-in sounds: levels")
struct GeneratorLevelTests {
    /// Around −20 dBFS: −25 … −16 dBFS RMS per channel.
    static let rmsBand = 0.056...0.16

    @Test(arguments: BuiltInSound.allCases)
    func neverBeyondCeilingInTwoMinutes(sound: BuiltInSound) {
        let recording = GeneratorTestKit.twoMinutes(of: sound)
        for channel in recording.channels {
            #expect(GeneratorTestKit.isFinite(channel))
            #expect(GeneratorTestKit.peak(channel) <= 0.9)
        }
    }

    @Test(arguments: BuiltInSound.allCases)
    func levelAroundMinusTwentyDecibels(sound: BuiltInSound) {
        for channel in GeneratorTestKit.twoMinutes(of: sound).channels {
            #expect(Self.rmsBand.contains(GeneratorTestKit.rms(channel)))
        }
    }

    /// |mean| below 0.002 (−54 dBFS) over two minutes.
    @Test(arguments: BuiltInSound.allCases)
    func noDirectCurrent(sound: BuiltInSound) {
        for channel in GeneratorTestKit.twoMinutes(of: sound).channels {
            #expect(abs(GeneratorTestKit.mean(channel)) < 0.002)
        }
    }

    /// Wide but one sound: channel correlation between 0.1 and 0.9.
    @Test(arguments: BuiltInSound.allCases)
    func stereoIsWideButCoherent(sound: BuiltInSound) {
        let recording = GeneratorTestKit.twoMinutes(of: sound)
        let correlation = GeneratorTestKit.correlation(recording.left, recording.right)
        #expect(correlation > 0.1 && correlation < 0.9)
    }

    /// Every rate the engine may run at gives the same kind of output.
    @Test(arguments: BuiltInSound.allCases, [8_000.0, 22_050, 96_000, 192_000])
    func worksAtOtherSampleRates(sound: BuiltInSound, sampleRate: Double) {
        let recording = GeneratorTestKit.record(sound, sampleRate: sampleRate, seconds: 3)
        for channel in recording.channels {
            #expect(GeneratorTestKit.isFinite(channel))
            #expect(GeneratorTestKit.peak(channel) <= 0.9)
            #expect((0.045...0.2).contains(GeneratorTestKit.rms(channel)))
            #expect(abs(GeneratorTestKit.mean(channel)) < 0.01)
        }
        let correlation = GeneratorTestKit.correlation(recording.left, recording.right)
        #expect(correlation > 0.1 && correlation < 0.9)
    }
}
