@testable import WinddownAudio
import WinddownCore

/// Helpers for the generator tests: recording sources, and the plain signal
/// analysis (statistics, filters, spectra) used to judge them. Everything
/// is namespaced here so it cannot clash with other tests in the target.
enum GeneratorTestKit {
    static let sampleRate = 48_000.0

    /// Renders `seconds` of `sound` in buffers of `blockFrames` frames.
    static func record(
        _ sound: BuiltInSound, sampleRate: Double = sampleRate, seed: UInt64 = 1,
        seconds: Double, blockFrames: Int = 480
    ) -> StereoRecording {
        record(sound.makeSource(sampleRate: sampleRate, seed: seed), sampleRate: sampleRate, seconds: seconds) { _ in
            blockFrames
        }
    }

    /// Renders `seconds` of `source`, asking `blockSize` for each buffer's
    /// length (given the frames still to go).
    static func record(
        _ source: any SoundSource, sampleRate: Double, seconds: Double,
        blockSize: (Int) -> Int
    ) -> StereoRecording {
        let frameCount = Int(seconds * sampleRate)
        var left = [Float](repeating: 0, count: frameCount)
        var right = [Float](repeating: 0, count: frameCount)
        var interleaved = [Float](repeating: .nan, count: 2 * 4_096)
        var done = 0
        while done < frameCount {
            let count = min(blockSize(frameCount - done), frameCount - done, 4_096)
            let produced = interleaved.withUnsafeMutableBufferPointer {
                source.render(into: $0.baseAddress!, frameCount: count)
            }
            precondition(produced == count, "a built-in sound ended")
            for frame in 0..<count {
                left[done + frame] = interleaved[2 * frame]
                right[done + frame] = interleaved[2 * frame + 1]
            }
            done += count
        }
        return StereoRecording(sampleRate: sampleRate, left: left, right: right)
    }

    /// Two minutes of each sound at 48 kHz, seed 1, rendered once and shared
    /// by the tests that only look at it.
    static func twoMinutes(of sound: BuiltInSound) -> StereoRecording {
        switch sound {
        case .brown: TwoMinuteRecordings.brown
        case .pink: TwoMinuteRecordings.pink
        case .rain: TwoMinuteRecordings.rain
        case .ocean: TwoMinuteRecordings.ocean
        case .drone: TwoMinuteRecordings.drone
        }
    }

    /// One lazily rendered recording per sound, so tests of different
    /// sounds can render theirs in parallel.
    private enum TwoMinuteRecordings {
        static let brown = record(.brown, seconds: 120)
        static let pink = record(.pink, seconds: 120)
        static let rain = record(.rain, seconds: 120)
        static let ocean = record(.ocean, seconds: 120)
        static let drone = record(.drone, seconds: 120)
    }
}
