import Foundation
import Logging
import SndFile
import Testing
@testable import WinddownAudio

@Suite("File playlists: levelling, shuffling, bad files")
struct PlaylistTests {
    let logger = Logger(label: "test")

    /// Decodes `seconds` of a playlist the way the decoder thread does.
    func decode(_ playlist: Playlist, seconds: Double, options: PlaylistDecoder.Options) -> [Float] {
        let decoder = PlaylistDecoder(playlist: playlist, options: options, logger: logger)
        var out = [Float](repeating: 0, count: 2 * Int(seconds * Double(options.sampleRate)))
        let frames = out.count / 2
        var done = 0
        while done < frames && !decoder.finished {
            done += out.withUnsafeMutableBufferPointer { buffer in
                decoder.produce(into: buffer.baseAddress! + 2 * done, frames: min(4096, frames - done))
            }
        }
        return Array(out[0..<(2 * done)])
    }

    func options(loop: Bool = true, shuffle: Bool = false, seed: UInt64 = 1, target: Double? = nil, crossfade: Double = 0.1)
        -> PlaylistDecoder.Options
    {
        .init(sampleRate: 48_000, loop: loop, shuffle: shuffle, seed: seed, crossfadeSeconds: crossfade, targetLoudness: target)
    }

    func loudness(_ samples: [Float]) -> Double? {
        var meter = LoudnessMeter(sampleRate: 48_000)
        samples.withUnsafeBufferPointer { meter.add($0.baseAddress!, frameCount: samples.count / 2) }
        return meter.integratedLoudness
    }

    @Test("loud and quiet files both come out at the target loudness")
    func levelling() throws {
        let folder = TestFiles.temporaryDirectory()
        var random = RandomGenerator(seed: 3)
        // Full-scale noise (badly mastered, very loud) and a faint tone.
        let loud = (0..<(2 * 44_100 * 4)).map { _ in random.bipolar() * 0.99 }
        try TestFiles.write(path: folder + "/loud.wav", samples: loud, sampleRate: 44_100, channels: 2)
        try TestFiles.writeSine(path: folder + "/quiet.flac", frequency: 500, amplitude: 0.02, seconds: 4, sampleRate: 48_000, channels: 1, encoding: .pcm16)
        for name in ["loud.wav", "quiet.flac"] {
            let before = try #require(try LoudnessScan.measure(path: folder + "/" + name))
            let played = decode(Playlist(paths: [folder + "/" + name]), seconds: 3, options: options(loop: false, target: -23))
            let after = try #require(loudness(played))
            #expect(abs(after + 23) < 0.5, "\(name): \(before) LUFS in the file, \(after) LUFS played")
        }
    }

    @Test("a folder plays every file, shuffled, never the same file twice in a row")
    func shuffledFolder() throws {
        let folder = TestFiles.temporaryDirectory()
        let tones = [300.0, 500.0, 700.0, 900.0]
        for (i, tone) in tones.enumerated() {
            try TestFiles.writeSine(path: folder + "/\(i).wav", frequency: tone, amplitude: 0.3, seconds: 1, sampleRate: 48_000, channels: 2)
        }
        try "not audio".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let playlist = try Playlist.resolve(folder)
        #expect(playlist.paths.count == 4)

        func order(seed: UInt64) -> [Int] {
            let samples = decode(playlist, seconds: 12, options: options(shuffle: true, seed: seed, crossfade: 0.05))
            // Items overlap by the crossfade, so each starts 0.95 s after the last.
            // Which tone fills the middle of each?
            return (0..<11).map { item in
                let start = item * 45_600 + 20_000
                let left = Analysis.left(samples, from: start, to: start + 4_800)
                let crossings = zip(left, left.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
                let frequency = Double(crossings) / 2 / 0.1
                return tones.enumerated().min { abs($0.element - frequency) < abs($1.element - frequency) }!.offset
            }
        }
        let first = order(seed: 1)
        #expect(Set(first[0..<4]) == Set(0..<4), "first round \(first)")
        #expect(Set(first[4..<8]) == Set(0..<4), "second round \(first)")
        for (a, b) in zip(first, first.dropFirst()) { #expect(a != b, "repeated a file: \(first)") }
        let others = (2...6).map { order(seed: UInt64($0)) }
        #expect(others.contains { $0 != first }, "shuffle ignored the seed")
    }

    @Test("a broken file in a folder is skipped; the others play")
    func brokenFileSkipped() throws {
        let folder = TestFiles.temporaryDirectory()
        try "this is not a WAV file".write(toFile: folder + "/a-broken.wav", atomically: true, encoding: .utf8)
        try TestFiles.writeSine(path: folder + "/b-good.wav", frequency: 440, amplitude: 0.3, seconds: 1, sampleRate: 48_000, channels: 2)
        let samples = decode(try Playlist.resolve(folder), seconds: 3, options: options())
        #expect(samples.count == 2 * 3 * 48_000)
        #expect(Analysis.rms(samples[...]) > 0.15)
    }

    @Test("unplayable settings get errors naming the path and the reason")
    func errors() throws {
        let folder = TestFiles.temporaryDirectory()
        try "garbage".write(toFile: folder + "/fake.flac", atomically: true, encoding: .utf8)
        #expect(throws: PlaylistError.self) { try Playlist.resolve(folder + "/missing.ogg") }
        do {
            _ = try Playlist.resolve(folder + "/fake.flac")
            Issue.record("a text file was accepted as audio")
        } catch {
            #expect(error.path.hasSuffix("fake.flac"))
            #expect(!error.reason.isEmpty)
        }
        let empty = TestFiles.temporaryDirectory()
        do {
            _ = try Playlist.resolve(empty)
            Issue.record("an empty folder was accepted")
        } catch {
            #expect(error.description.contains("no audio files"))
        }
    }
}
