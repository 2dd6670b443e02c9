import Foundation
import Testing

extension EndToEnd {
    @Suite("render: a whole session to WAV")
    struct RenderTests {
        static let sampleRate = 48_000
        static let lsb16 = 1.0 / 32_768

        /// The shape of `render --duration 30s --fade-out 20s`: 8 s rise, steady to 30 s, 20 s tail.
        static func shape(ceilingPercent: Double) -> SessionShape {
            SessionShape(riseEnd: 8, tailStart: 30, end: 50, ceiling: ceilingPercent / 100, lsb: lsb16)
        }

        @Test("brown and a loud 0 dBFS 44.1 kHz mono file: 50 s of 48 kHz stereo that rises, holds, falls to silence, under max_volume; the file is levelled to brown's loudness")
        func sessionShapeAndLevelling() async throws {
            let dir = try TemporaryDirectory("render")
            defer { dir.remove() }
            let binary = try Paths.daemon()

            // A deliberately loud sleep sound: white noise normalised to 0 dBFS, 44.1 kHz mono.
            let loudFile = dir.file("loud-white.wav")
            let sox = try #require(tool("sox"), "sox is needed to make the loud test file (scripts/bootstrap.sh installs it)")
            let made = try await run(
                sox, ["-D", "-r", "44100", "-c", "1", "-n", "-b", "16", loudFile.path, "synth", "20", "whitenoise", "gain", "-n", "0"],
                logsIn: dir.url)
            try #require(made.exitedCleanly, "\(made)")
            let loudInput = try AudioClip(contentsOf: loudFile)
            try #require(loudInput.sampleRate == 44_100 && loudInput.channels == 1 && loudInput.peak() > 0.99,
                "the generated file is not 0 dBFS 44.1 kHz mono: \(loudInput.sampleRate) Hz, \(loudInput.channels) ch, peak \(loudInput.peak())")

            let brownConfig = try dir.write("[audio]\nsound = \"brown\"\nvolume = 20\n", to: "brown.toml")
            let loudConfig = try dir.write("[audio]\nsound = \"\(loudFile.path)\"\nvolume = 20\nmax_volume = 30\n", to: "loud.toml")
            let brownWAV = dir.file("brown.wav"), loudWAV = dir.file("loud.wav")
            async let brownRun = render(binary, config: brownConfig, output: brownWAV, seed: 1, logsIn: dir.url)
            async let loudRun = render(binary, config: loudConfig, output: loudWAV, seed: 1, logsIn: dir.url)
            let (brownResult, loudResult) = try await (brownRun, loudRun)
            try #require(brownResult.exitedCleanly, "\(brownResult)")
            try #require(loudResult.exitedCleanly, "\(loudResult)")

            let brown = try AudioClip(contentsOf: brownWAV)
            let loud = try AudioClip(contentsOf: loudWAV)
            for (clip, label) in [(brown, "brown"), (loud, "loud file")] {
                #expect(clip.sampleRate == Self.sampleRate && clip.channels == 2,
                    "\(label): \(clip.sampleRate) Hz \(clip.channels) ch, want 48000 Hz stereo")
                #expect(abs(clip.frameCount - 50 * Self.sampleRate) <= 1,
                    "\(label): \(clip.frameCount) frames (\(clip.seconds) s), want \(50 * Self.sampleRate) ±1")
            }
            let brownSteady = Self.shape(ceilingPercent: 50).check(brown, "brown")
            let loudSteady = Self.shape(ceilingPercent: 30).check(loud, "loud file")

            // Levelling: the same volume must sound equally loud. Compared on
            // the steady middle (10–28 s), as ungated K-weighted loudness
            // (BS.1770), because plain RMS rates brown noise ~7 dB above white
            // noise of equal loudness. Unlevelled, this file would be ~7 dB louder.
            let brownLoudness = Loudness.kWeighted(brown, 10, 28)
            let loudLoudness = Loudness.kWeighted(loud, 10, 28)
            #expect(abs(loudLoudness - brownLoudness) <= 3,
                """
                loud file at volume 20 is \(format(loudLoudness, 1)) LUFS (K-weighted, ungated, 10–28 s), \
                brown at volume 20 is \(format(brownLoudness, 1)) LUFS: more than 3 dB apart \
                (plain RMS: \(format(decibels(loudSteady), 1)) vs \(format(decibels(brownSteady), 1)) dBFS)
                """)
            print("render: brown \(format(brownLoudness, 1)) LUFS / RMS \(format(decibels(brownSteady), 1)) dBFS / peak \(format(brown.peak(), 3)); "
                + "loud file \(format(loudLoudness, 1)) LUFS / RMS \(format(decibels(loudSteady), 1)) dBFS / peak \(format(loud.peak(), 3))")
        }

        @Test("the same --seed gives a byte-identical file; another seed a different one")
        func seedIsDeterministic() async throws {
            let dir = try TemporaryDirectory("seed")
            defer { dir.remove() }
            let binary = try Paths.daemon()
            let config = try dir.write("[audio]\nsound = \"brown\"\n", to: "brown.toml")
            let first = dir.file("seed7-a.wav"), again = dir.file("seed7-b.wav"), other = dir.file("seed8.wav")
            async let a = render(binary, config: config, output: first, seed: 7, duration: "10s", fadeOut: "5s", logsIn: dir.url)
            async let b = render(binary, config: config, output: again, seed: 7, duration: "10s", fadeOut: "5s", logsIn: dir.url)
            async let c = render(binary, config: config, output: other, seed: 8, duration: "10s", fadeOut: "5s", logsIn: dir.url)
            for result in try await [a, b, c] { try #require(result.exitedCleanly, "\(result)") }

            let bytesA = try Data(contentsOf: first), bytesB = try Data(contentsOf: again), bytesC = try Data(contentsOf: other)
            #expect(bytesA.count >= 15 * 48_000 * 4, "seed 7: only \(bytesA.count) bytes for 15 s of 16-bit stereo")
            #expect(bytesA == bytesB, "two renders with --seed 7 differ: \(bytesA.count) vs \(bytesB.count) bytes, first difference at byte \(firstDifference(bytesA, bytesB).map(String.init) ?? "-")")
            #expect(bytesA.count == bytesC.count, "seeds 7 and 8 give different lengths: \(bytesA.count) vs \(bytesC.count)")
            #expect(bytesA != bytesC, "--seed 8 renders exactly what --seed 7 does")
        }

        private func render(
            _ binary: URL, config: URL, output: URL, seed: Int, duration: String = "30s", fadeOut: String = "20s", logsIn folder: URL
        ) async throws -> ProcessResult {
            try await run(
                binary,
                ["render", "--routine", "none", "--config", config.path, "--output", output.path, "--duration", duration, "--fade-out", fadeOut,
                    "--seed", "\(seed)"],
                logsIn: folder, timeout: .seconds(60))
        }

        private func firstDifference(_ a: Data, _ b: Data) -> Int? {
            zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? (a.count == b.count ? nil : min(a.count, b.count))
        }
    }
}
