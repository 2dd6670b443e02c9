import Foundation
import Logging
import SndFile
import Testing
import WinddownAudio
import WinddownCore
@testable import WinddownDaemon

/// The timeline played by the real mixer: prompts start on their exact
/// frame, a skip moves on at once, a pause holds everything.
@Suite("Session program on the mixer")
struct SessionProgramTests {
    static let rate = 48_000

    /// A clip of steady tone, so where speech starts and stops is exact.
    static func toneClip(seconds: Double, in folder: String, name: String) throws -> PromptClip {
        let path = folder + "/" + name + ".wav"
        let frames = Int(seconds * Double(rate))
        let samples = (0..<frames).map { Float(0.3 * sin(2 * Double.pi * 300 * Double($0) / Double(rate))) }
        let writer = try SoundFileWriter(path: path, sampleRate: rate, channels: 1, encoding: .float32)
        try samples.withUnsafeBufferPointer { try writer.write($0.baseAddress!, frames: frames) }
        writer.close()
        return PromptClip(path: path, seconds: seconds, origin: .cache)
    }

    static func routine() -> Routine {
        Routine(
            name: "test", title: "Test", summary: "",
            steps: [
                RoutineStep(id: "one", title: "One", text: "first", timing: .fixed(.seconds(10))),
                RoutineStep(id: "two", title: "Two", text: "second", timing: .fixed(.seconds(10))),
                RoutineStep(id: "three", title: "Three", text: "third", timing: .fixed(.seconds(10))),
            ])
    }

    /// A mix of the test routine with the sleep sound silent, rendered offline.
    static func makeMix() throws -> SessionMix {
        let folder = NSTemporaryDirectory() + "winddown-program-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var clips: [String: PromptClip] = [:]
        for text in ["first", "second", "third"] { clips[text] = try toneClip(seconds: 2, in: folder, name: text) }
        let session = PreparedSession(
            routine: routine(), clips: clips,
            audio: SessionAudioSettings(volume: 0, voiceVolume: 50, maxVolume: 100, guidedSeconds: 30, fadeOutSeconds: 2),
            sound: .builtin(.brown), seed: 1, caution: nil, dimming: Configuration.defaults.dimming)
        return try session.makeMix(sampleRate: rate, realTime: false, logger: Logger(label: "test"))
    }

    static func render(_ mix: SessionMix, frames: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * frames)
        var done = 0
        while done < frames {
            let n = min(1024, frames - done)
            mix.stage.prepare(upToTimelineFrame: mix.mixer.timelineClock)
            out.withUnsafeMutableBufferPointer { mix.mixer.render(into: $0.baseAddress! + 2 * done, frameCount: n) }
            done += n
        }
        return out
    }

    /// The first frame at or after `frame` whose left sample is not exactly zero.
    static func firstSound(_ samples: [Float], from frame: Int = 0) -> Int? {
        stride(from: 2 * frame, to: samples.count, by: 2).first { samples[$0] != 0 }.map { $0 / 2 }
    }

    @Test("each prompt starts on the frame the timeline gives it")
    func promptsAreSampleAccurate() throws {
        let mix = try Self.makeMix()
        let starts = mix.timeline.events.compactMap { event -> Int64? in
            if case .prompt(let prompt) = event { return prompt.start }
            return nil
        }
        #expect(starts.count == 3)
        let out = Self.render(mix, frames: 32 * Self.rate)
        for start in starts {
            // The sleep sound is at 0, so the output is exactly zero until the
            // clip starts; the clip's first sample is sin(0) = 0, its second is not.
            let heard = Self.firstSound(out, from: max(0, Int(start) - 1000))
            #expect(heard == Int(start) + 1, "prompt due at frame \(start) was first heard at \(String(describing: heard))")
        }
    }

    @Test("a skip fades out the prompt that was speaking and moves the timeline to the next step at once")
    func skipMovesOn() throws {
        let mix = try Self.makeMix()
        // One prompt alone, for reference: its steady peak.
        let single = Self.render(mix, frames: Self.rate)
        let promptPeak = single[(2 * 24_000)...].map(abs).max() ?? 0
        let target = mix.timeline.steps[1].start
        mix.program.skip(to: target, mixer: mix.mixer)
        let after = Self.render(mix, frames: 4 * Self.rate)
        #expect(mix.mixer.timelineClock == target + Int64(4 * Self.rate))
        // The next step's prompt begins at the skip; the old one is gone within
        // its quarter-second fade, so from then on only one prompt sounds.
        let overlap = after[(2 * 14_400)..<(2 * 28_800)].map(abs).max() ?? 0
        #expect(overlap > 0.5 * promptPeak, "the next prompt is not playing after the skip")
        #expect(overlap <= promptPeak * 1.05, "two prompts at once after the skip: \(overlap) vs one prompt \(promptPeak)")
        // And the fade was a fade: no jump between neighbouring samples beyond what the tone makes.
        let steps = zip(after.dropFirst(2), after).enumerated().filter { $0.offset % 2 == 0 }.map { abs($0.element.0 - $0.element.1) }
        let toneStep = Float(2 * Double.pi * 300 / Double(Self.rate)) * 2 * promptPeak
        #expect((steps.prefix(14_400).max() ?? 0) <= toneStep * 1.1)
    }

    @Test("a pause fades the mix out and holds the timeline; resume carries on where it was")
    func pauseHolds() throws {
        let mix = try Self.makeMix()
        _ = Self.render(mix, frames: Self.rate)  // one second into the first prompt
        mix.mixer.holdTimeline(fadeSeconds: 0.5)
        let held = mix.mixer.timelineClock
        let during = Self.render(mix, frames: 3 * Self.rate)
        #expect(mix.mixer.timelineClock == held, "the timeline moved while paused")
        let silentTail = during[(2 * Self.rate)...].map(abs).max() ?? 1
        #expect(silentTail == 0, "sound while paused: \(silentTail)")
        // Fade, not cut: the first 100 ms of the pause still carry the prompt.
        #expect((during[0..<(2 * 4800)].map(abs).max() ?? 0) > 0.01)
        mix.mixer.resumeTimeline(fadeSeconds: 0.5)
        let resumed = Self.render(mix, frames: Self.rate / 2)
        #expect(mix.mixer.timelineClock == held + Int64(Self.rate / 2))
        #expect((resumed[(2 * 20_000)...].map(abs).max() ?? 0) > 0.01, "the prompt did not come back after resume")
    }
}

@Suite("Prompt levelling")
struct PromptLevellingTests {
    @Test("a quiet clip and a loud one are played at the same loudness: audio.voice_volume, whatever made them")
    func cluesAreLevelled() throws {
        let folder = NSTemporaryDirectory() + "winddown-level-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var clips: [String: PromptClip] = [:]
        // An engine that speaks softly (-17 dBFS peaks) and one at full scale.
        for (text, amplitude) in [("quiet", 0.14), ("loud", 0.95)] {
            let path = folder + "/\(text).wav"
            let frames = 3 * 16_000
            let samples = (0..<frames).map { Float(amplitude * sin(2 * Double.pi * 220 * Double($0) / 16_000)) }
            let writer = try SoundFileWriter(path: path, sampleRate: 16_000, channels: 1, encoding: .float32)
            try samples.withUnsafeBufferPointer { try writer.write($0.baseAddress!, frames: frames) }
            writer.close()
            clips[text] = PromptClip(path: path, seconds: 3, origin: .cache)
        }
        let routine = Routine(
            name: "levels", title: "Levels", summary: "",
            steps: [
                RoutineStep(id: "a", title: "A", text: "quiet", timing: .fixed(.seconds(5))),
                RoutineStep(id: "b", title: "B", text: "loud", timing: .fixed(.seconds(5))),
            ])
        let session = PreparedSession(
            routine: routine, clips: clips,
            audio: SessionAudioSettings(volume: 0, voiceVolume: 28, maxVolume: 100, guidedSeconds: 10, fadeOutSeconds: 1),
            sound: .builtin(.brown), seed: 1, caution: nil, dimming: Configuration.defaults.dimming)
        let mix = try session.makeMix(sampleRate: 48_000, realTime: false, logger: Logger(label: "test"))
        let out = SessionProgramTests.render(mix, frames: 10 * 48_000)
        func rms(_ from: Double, _ to: Double) -> Double {
            let a = Int(from * 48_000), b = Int(to * 48_000)
            return (stride(from: 2 * a, to: 2 * b, by: 2).reduce(0.0) { $0 + Double(out[$1] * out[$1]) } / Double(b - a)).squareRoot()
        }
        let quiet = rms(0.5, 2.5), loud = rms(5.5, 7.5)
        #expect(abs(20 * log10(loud / quiet)) < 0.5, "quiet clip plays at \(quiet), loud at \(loud)")
        // At voice_volume 28 a steady tone lands on the reference loudness scaled by the volume.
        #expect(quiet > 0.01 && quiet < 0.2)
    }
}
