import Foundation
import Testing

extension EndToEnd {
    /// The guided session as `winddownd render` writes it: prompts where the
    /// timeline says, nothing spoken anywhere else, the sleep sound ducked
    /// under speech, a silent end and the ceiling kept.
    @Suite("guided session render")
    struct GuidedSessionTests {
        /// One line of `render --timeline`.
        struct Cue {
            let type: String
            let start: Double
            let end: Double
            let hasAudio: Bool
        }

        static func cues(in file: URL) throws -> (cues: [Cue], guidedEnd: Double, end: Double) {
            var cues: [Cue] = []
            var guidedEnd = 0.0
            var end = 0.0
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let type = try #require(object["type"] as? String)
                if type == "session" {
                    guidedEnd = try #require(object["guided_end_s"] as? Double)
                    end = try #require(object["end_s"] as? Double)
                    continue
                }
                let start = try #require(object["start_s"] as? Double)
                cues.append(
                    Cue(
                        type: type, start: start, end: (object["end_s"] as? Double) ?? start,
                        hasAudio: (object["has_audio"] as? Bool) ?? true))
            }
            return (cues, guidedEnd, end)
        }

        @Test("foot-massage, 15 minutes, voice only: speech at every prompt of the timeline and nowhere else")
        func voiceOnly() async throws {
            let dir = try TemporaryDirectory("voice")
            defer { dir.remove() }
            // Sleep sound at 0: only the voice, chimes and breathing tone remain.
            let config = try dir.write(
                "[session]\nroutine = \"foot-massage\"\n[audio]\nvolume = 0\n", to: "voice.toml")
            let wav = dir.file("voice.wav"), plan = dir.file("plan.jsonl")
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", config.path, "--output", wav.path, "--timeline", plan.path, "--duration", "15m",
                    "--fade-out", "20s"],
                logsIn: dir.url, timeout: .seconds(150))
            try #require(result.exitedCleanly, "\(result)")
            let clip = try AudioClip(contentsOf: wav)
            let (cues, guidedEnd, end) = try Self.cues(in: plan)
            #expect(guidedEnd == 900 && end == 920)
            #expect(abs(clip.frameCount - 920 * 48_000) <= 1, "\(clip.frameCount) frames")

            let prompts = cues.filter { $0.type == "prompt" && $0.hasAudio }
            #expect(prompts.count >= 20, "only \(prompts.count) voiced prompts in the plan")
            for prompt in prompts {
                // Speech fills its slot: loud somewhere in it, not a faint hiss.
                let loudest = clip.windows(of: 0.1, from: prompt.start, to: prompt.end).map(\.rms).max() ?? 0
                #expect(decibels(loudest) > -40, "prompt at \(prompt.start) s: loudest 100 ms only \(format(decibels(loudest))) dBFS")
            }
            // Everything that may sound: prompts (plus the decoder's last few ms),
            // chimes (they ring for 4 s) and the breathing tone.
            let allowed: [ClosedRange<Double>] = cues.compactMap { cue in
                switch cue.type {
                case "prompt": cue.start - 0.02...cue.end + 0.25
                case "chime": cue.start - 0.02...cue.start + 4.05
                case "breathing": cue.start - 0.02...cue.end + 0.05
                default: nil
                }
            }
            var spoken: [String] = []
            for window in clip.windows(of: 0.1, from: 0, to: clip.seconds)
            where !allowed.contains(where: { $0.overlaps(window.start...window.start + 0.1) }) && window.peak > 1e-3 {
                spoken.append("\(format(window.start, 1)) s (peak \(format(decibels(window.peak))) dBFS)")
            }
            #expect(spoken.isEmpty, "sound outside every cue of the timeline at: \(spoken.prefix(8).joined(separator: ", "))")
            #expect(clip.peak(end - 1, end) < 1e-3, "the last second is not silent")
            #expect(clip.peak() <= 0.5 + 1.0 / 32_768, "peak \(clip.peak()) over the 50 % ceiling")
        }

        @Test("quick routine, prompts silent: the sleep sound is at least the duck depth lower under every prompt")
        func duckingUnderPrompts() async throws {
            let dir = try TemporaryDirectory("duck")
            defer { dir.remove() }
            // The voice at 0 keeps its timing and its ducks, so the bed alone can be measured.
            let config = try dir.write(
                "[session]\nroutine = \"quick\"\n[audio]\nsound = \"pink\"\nvolume = 20\nvoice_volume = 0\nduck = 12\n",
                to: "duck.toml")
            let wav = dir.file("duck.wav"), plan = dir.file("plan.jsonl")
            let result = try await run(
                try Paths.daemon(),
                ["render", "--config", config.path, "--output", wav.path, "--timeline", plan.path, "--duration", "5m",
                    "--fade-out", "10s"],
                logsIn: dir.url, timeout: .seconds(90))
            try #require(result.exitedCleanly, "\(result)")
            let clip = try AudioClip(contentsOf: wav)
            let (cues, guidedEnd, _) = try Self.cues(in: plan)
            let ducks = cues.filter { $0.type == "duck" }
            let prompts = cues.filter { $0.type == "prompt" && $0.hasAudio && $0.end - $0.start > 0.5 }
            try #require(!prompts.isEmpty)
            // The bed's level where nothing ducks it, after the rise and before the tail.
            let open = clip.windows(of: 0.5, from: 10, to: guidedEnd).filter { window in
                !ducks.contains { ($0.start - 1.5...$0.end + 1.5).overlaps(window.start...window.start + 0.5) }
            }
            try #require(open.count > 10, "too little unducked bed to measure")
            let openLevel = decibels(open.map(\.rms).sorted()[open.count / 2])
            for prompt in prompts where prompt.start > 10 && prompt.end < guidedEnd {
                let level = decibels(clip.rms(prompt.start, prompt.end))
                #expect(
                    openLevel - level >= 12 - 1,
                    "under the prompt at \(format(prompt.start, 1)) s the bed is only \(format(openLevel - level, 1)) dB lower (duck = 12)")
            }
            #expect(clip.peak() <= 0.5 + 1.0 / 32_768)
        }
    }
}
