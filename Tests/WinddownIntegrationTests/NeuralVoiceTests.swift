import Foundation
import Testing

extension EndToEnd {
    /// Piper, the neural voice: the shipped clips are its, `make test`
    /// installs it (scripts/install-voice.sh) and the daemon finds it with
    /// no configuration; a missing or broken voice falls back to espeak-ng.
    @Suite("the neural voice")
    struct NeuralVoiceTests {
        static let routine = """
            title = "Fresh words"
            [[steps]]
            id = "only"
            title = "Only"
            text = "Let your hands grow warm and slow. Breathe out, and let the evening go. Nothing else needs you now."
            share = 1
            """
        static let words = 20.0

        @Test("every shipped clip says, in its Vorbis comments, that Piper's voice made it")
        func shippedComments() async throws {
            let soxi = try #require(tool("soxi"), "soxi is needed (scripts/bootstrap.sh installs sox)")
            let folder = Paths.repositoryRoot.appendingPathComponent("sounds/prompts")
            let clips = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ogg") }
            #expect(clips.count >= 40)
            let dir = try TemporaryDirectory("comments")
            defer { dir.remove() }
            for clip in clips {
                let result = try await run(soxi, ["-a", folder.appendingPathComponent(clip).path], logsIn: dir.url)
                let tags = Set(result.stdout.split(separator: "\n").map(String.init))
                #expect(tags.contains("TTS_ENGINE=piper") && tags.contains("TTS_VOICE=en_US-joe-medium"), "\(clip): \(tags)")
                #expect(tags.contains("TTS_RATE=0.67"), "\(clip): \(tags)")
            }
        }

        /// Renders the one-step routine; returns the log and the cached clip.
        func render(_ voice: String, in dir: TemporaryDirectory, environment: [String: String?] = [:]) async throws
            -> (log: String, clip: AudioClip?)
        {
            try dir.write(Self.routine, to: "fresh.toml")
            let config = try dir.write(
                "[session]\nroutine = \"\(dir.file("fresh.toml").path)\"\ncaution = \"off\"\n[audio]\nvolume = 0\n[voice]\n\(voice)\n",
                to: "fresh-config.toml")
            var env = environment
            env["CACHE_DIRECTORY"] = dir.file("cache").path
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", config.path, "--output", dir.file("out.wav").path, "--duration", "5m", "--fade-out", "0s"],
                environment: env, logsIn: dir.url, timeout: .seconds(120))
            try #require(result.exitedCleanly, "\(result)")
            let cache = dir.file("cache/prompts")
            let cached = (try? FileManager.default.contentsOfDirectory(atPath: cache.path))?.filter { $0.hasSuffix(".wav") } ?? []
            return (result.stderr, try cached.first.map { try AudioClip(contentsOf: cache.appendingPathComponent($0)) })
        }

        @Test("new text is spoken by Piper, found without configuration, at a calm pace and a steady level")
        func piperSpeaks() async throws {
            let venv = Paths.repositoryRoot.appendingPathComponent(".venv-voice/bin/piper")
            try #require(FileManager.default.isExecutableFile(atPath: venv.path), "run scripts/install-voice.sh (make test does)")
            let dir = try TemporaryDirectory("piper")
            defer { dir.remove() }
            let (log, clip) = try await render("engine = \"piper\"", in: dir)
            #expect(log.contains("spoken now by piper (en_US-joe-medium)"), "\(log)")
            let speech = try #require(clip, "no clip in the cache:\n\(log)")
            #expect(speech.sampleRate == 22_050)
            // 20 words, three sentences, with their pauses: 110 to 145 words a minute.
            let pace = Self.words / speech.seconds * 60
            #expect((110...145).contains(pace), "\(format(pace, 0)) words a minute over \(format(speech.seconds)) s")
            // Loud enough to follow, never clipped: the daemon sets the final level itself.
            let loudest = speech.windows(of: 0.5, from: 0, to: speech.seconds).map(\.rms).max() ?? 0
            #expect(decibels(loudest) > -24 && speech.peak() < 1, "loudest 0.5 s \(format(decibels(loudest))) dBFS, peak \(speech.peak())")
            // A pause between sentences: a quiet stretch of at least 0.4 s inside the clip.
            let quiet = speech.windows(of: 0.1, from: 0.5, to: speech.seconds - 0.5).map { decibels($0.rms) < -45 }
            var longest = 0, run = 0
            for isQuiet in quiet {
                run = isQuiet ? run + 1 : 0
                longest = max(longest, run)
            }
            #expect(longest >= 4, "no pause between sentences (longest quiet run \(longest) × 100 ms)")
        }

        @Test("a voice file that is not a Piper voice, or no Piper at all: espeak-ng speaks, and the log says why", arguments: [
            "model", "missing",
        ])
        func fallback(kind: String) async throws {
            try #require(tool("espeak-ng") != nil, "espeak-ng is needed (scripts/bootstrap.sh installs it)")
            let dir = try TemporaryDirectory("voice-\(kind)")
            defer { dir.remove() }
            let result: (log: String, clip: AudioClip?)
            if kind == "model" {
                let bogus = try dir.write("not a neural network", to: "voice.onnx")
                result = try await render("engine = \"piper\"\nmodel = \"\(bogus.path)\"", in: dir)
                #expect(result.log.contains("voice.model: \(bogus.path) is not a Piper voice"), "\(result.log)")
            } else {
                // A data folder without the voice environment, and a PATH without piper.
                let data = dir.file("data")
                try FileManager.default.createDirectory(at: data.appendingPathComponent("config"), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    at: data.appendingPathComponent("config/routines"),
                    withDestinationURL: Paths.repositoryRoot.appendingPathComponent("config/routines"))
                result = try await render(
                    "engine = \"piper\"", in: dir,
                    environment: ["WINDDOWN_DATA_DIR": data.path, "WINDDOWN_VOICE_DIR": nil, "PATH": "/usr/bin:/bin"])
                #expect(result.log.contains("Piper is not installed (run `make voice`"), "\(result.log)")
            }
            #expect(result.log.contains("speaking with espeak-ng"), "\(result.log)")
            #expect(result.log.contains("spoken now by espeak-ng"), "\(result.log)")
            #expect(result.clip != nil)
        }

        @Test("voice.rate outside 0.5 to 1.5 and an unknown engine are refused with key and line")
        func badSettings() async throws {
            let dir = try TemporaryDirectory("voice-bad")
            defer { dir.remove() }
            let config = try dir.write("[voice]\nengine = \"festival\"\nrate = 2\n", to: "bad.toml")
            let result = try await run(try Paths.daemon(), ["check-config", "--config", config.path], logsIn: dir.url)
            #expect(!result.exitedCleanly)
            let text = result.stdout + result.stderr
            #expect(text.contains("bad.toml:2: voice.engine: \"festival\" is not one of \"auto\", \"piper\" or \"espeak-ng\""), "\(text)")
            #expect(text.contains("voice.rate: must be from 0.5 to 1.5"), "\(text)")
        }
    }
}
