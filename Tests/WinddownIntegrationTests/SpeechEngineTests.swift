import Foundation
import Testing

extension EndToEnd {
    /// `voice.tts` at run time: a user's own routine is spoken by the engine,
    /// the clips are cached, and a missing or broken engine costs the voice,
    /// never the session.
    @Suite("speech engine for a user's own routine")
    struct SpeechEngineTests {
        static let routine = """
            title = "Two steps"
            [[steps]]
            id = "hello"
            title = "Hello"
            text = "Good evening. This is a routine of your own."
            share = 1
            [[steps]]
            id = "goodbye"
            title = "Goodbye"
            text = "That is all for tonight. Sleep well."
            share = 1
            """

        func render(config: String, in dir: TemporaryDirectory, name: String) async throws -> (ProcessResult, AudioClip, [GuidedSessionTests.Cue]) {
            let configFile = try dir.write(config, to: "\(name).toml")
            let wav = dir.file("\(name).wav"), plan = dir.file("\(name).jsonl")
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", configFile.path, "--output", wav.path, "--timeline", plan.path, "--duration", "1m",
                    "--fade-out", "5s"],
                environment: ["CACHE_DIRECTORY": dir.file("cache").path], logsIn: dir.url, timeout: .seconds(90))
            try #require(result.exitedCleanly, "\(result)")
            return (result, try AudioClip(contentsOf: wav), try GuidedSessionTests.cues(in: plan).cues)
        }

        @Test("a command engine speaks new text once; the clips are cached and reused")
        func commandEngineAndCache() async throws {
            try #require(tool("espeak-ng") != nil, "espeak-ng is needed (scripts/bootstrap.sh installs it)")
            let dir = try TemporaryDirectory("tts")
            defer { dir.remove() }
            try dir.write(Self.routine, to: "mine.toml")
            let config = "[session]\nroutine = \"\(dir.file("mine.toml").path)\"\ncaution = \"off\"\n[audio]\nvolume = 0\n[voice]\ntts = \"espeak-ng --stdin --stdout -s 150\"\n"
            let (_, clip, cues) = try await render(config: config, in: dir, name: "first")
            let prompts = cues.filter { $0.type == "prompt" }
            #expect(prompts.count == 2 && prompts.allSatisfy(\.hasAudio), "prompts: \(prompts)")
            for prompt in prompts {
                let loudest = clip.windows(of: 0.1, from: prompt.start, to: prompt.end).map(\.rms).max() ?? 0
                #expect(decibels(loudest) > -40, "no speech at \(prompt.start) s")
            }
            let cache = dir.file("cache/prompts")
            let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".wav") }.sorted()
            #expect(cached.count == 2, "cache holds \(cached)")
            let stamps = try cached.map { try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent($0).path)[.modificationDate] as? Date }

            // Again: the engine is not asked twice for the same text and voice.
            _ = try await render(config: config, in: dir, name: "second")
            let again = try cached.map { try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent($0).path)[.modificationDate] as? Date }
            #expect(again == stamps, "cached clips were rendered again")
        }

        @Test("no engine (off) or a failing one: the session runs on time without the voice, and the log says why")
        func withoutVoice() async throws {
            let dir = try TemporaryDirectory("notts")
            defer { dir.remove() }
            try dir.write(Self.routine, to: "mine.toml")
            for (name, tts, expectedLog) in [
                ("off", "off", "no speech engine"), ("broken", "sh -c 'echo engine broke >&2; exit 3'", "engine broke"),
            ] {
                let config = "[session]\nroutine = \"\(dir.file("mine.toml").path)\"\ncaution = \"off\"\n[audio]\nvolume = 0\n[voice]\ntts = \"\(tts)\"\n"
                let (result, clip, cues) = try await render(config: config, in: dir, name: name)
                #expect(result.stderr.contains(expectedLog), "\(name): log does not say \"\(expectedLog)\":\n\(result.stderr)")
                #expect(cues.filter { $0.type == "prompt" }.allSatisfy { !$0.hasAudio })
                #expect(abs(clip.seconds - 65) < 0.01, "\(name): \(clip.seconds) s")
                // Only the chime-free routine's silence: nothing audible at all.
                #expect(clip.peak() < 1e-3, "\(name): peak \(clip.peak())")
            }
        }
    }
}
