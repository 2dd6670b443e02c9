import Foundation
import Logging
import Testing
@testable import WinddownAudio
import WinddownCore

/// What really came out of the engine, checked sample by sample (in memory,
/// on a manual clock; the first test goes through real alsa-lib, in real time).
@Suite("Playback captured from the engine")
struct CapturedPlaybackTests {
    let rate = 48_000.0

    @Test("through alsa-lib: the ceiling holds for a deliberately loud input, without hard clipping")
    func ceilingHolds() throws {
        let mixer = Mixer(sampleRate: rate, settings: .init(ceiling: 0.3))
        // A full-scale square-ish tone, boosted a further 12 dB: eight times the ceiling.
        let loud = SineSource(frequency: 220, amplitude: 1, sampleRate: rate)
        mixer.add(MixerChannel(name: "loud", role: .bed, source: loud, sampleRate: rate, levelDecibels: 12))
        let captured = try ALSACapture.play(mixer, endFrame: Int64(rate))
        #expect(captured.sampleRate == 48_000)
        #expect(captured.samples.count == 2 * 48_000)
        let peak = Analysis.peak(captured.samples)
        #expect(peak <= 0.3 + 1e-6, "peak \(peak) over the 0.3 ceiling")
        #expect(peak > 0.29, "the limiter should use the room up to the ceiling, peak \(peak)")
        // A limiter turns the gain down and keeps the wave's shape; clipping
        // flattens its tops. Once settled, a sine spends 29 % of its time above
        // 90 % of its peak; the same sine clipped at an eighth of its size, 92 %.
        let settled = captured.samples[(2 * 12_000)...]
        let high = settled.filter { abs($0) > 0.27 }.count
        let share = Double(high) / Double(settled.count)
        #expect(share < 0.35, "\(Int(share * 100)) % of samples near the ceiling: the tone was clipped")
    }

    @Test("a session's end is on its timeline: a pause makes the output longer by the time held, a skip shorter by the time skipped")
    func endFollowsTimeline() throws {
        func session(_ change: @escaping (Mixer) -> Void) -> Mixer {
            let mixer = Mixer(sampleRate: rate, settings: .init(ceiling: 1))
            mixer.add(
                MixerChannel(
                    name: "bed", role: .bed, source: SineSource(frequency: 100, amplitude: 0.1, sampleRate: rate),
                    sampleRate: rate))
            mixer.schedule(at: Int64(0.5 * rate), change)
            return mixer
        }
        let rate = self.rate
        let plain = try EngineCapture.play(session { _ in }, endFrame: Int64(2 * rate))
        #expect(plain.samples.count == 2 * 2 * 48_000)
        let paused = try EngineCapture.play(
            session { mixer in
                mixer.holdTimeline(fadeSeconds: 0.1)
                mixer.schedule(at: Int64(1.5 * rate)) { $0.resumeTimeline(fadeSeconds: 0.1) }
            }, endFrame: Int64(2 * rate))
        #expect(paused.samples.count == 2 * 3 * 48_000, "\(Double(paused.samples.count) / 2 / rate) s played")
        let skipped = try EngineCapture.play(
            session { mixer in mixer.jumpTimeline(to: mixer.timelineClock + Int64(0.5 * rate)) }, endFrame: Int64(2 * rate))
        #expect(skipped.samples.count == 2 * Int(1.5 * 48_000), "\(Double(skipped.samples.count) / 2 / rate) s played")
    }

    @Test("a fade-in is smooth and monotonic")
    func fadeInIsMonotonic() throws {
        let mixer = Mixer(sampleRate: rate, settings: .init(ceiling: 1))
        let envelope = GainEnvelope(points: [
            .init(frame: 0, decibels: Decibels.silenceFloor), .init(frame: Int64(2 * rate), decibels: -6),
        ])
        mixer.add(
            MixerChannel(
                name: "tone", role: .bed, source: SineSource(frequency: 100, amplitude: 0.5, sampleRate: rate),
                sampleRate: rate, envelope: envelope))
        let captured = try EngineCapture.play(mixer, endFrame: Int64(3 * rate))
        let left = Analysis.left(captured.samples, from: 0, to: Int(3 * rate))
        // Peak of every 10 ms period (one cycle of the 100 Hz tone) must never fall during the fade.
        let cycle = Int(rate / 100)
        let peaks = stride(from: 0, to: Int(2 * rate), by: cycle).map { start in
            Analysis.peak(left[start..<(start + cycle)])
        }
        for (a, b) in zip(peaks, peaks.dropFirst()) {
            #expect(b >= a - 1e-4, "level fell from \(a) to \(b) during a fade-in")
        }
        // No step larger than the tone itself can make (no zipper, no click).
        let maxToneStep = Float(2 * Double.pi * 100 / rate) * 0.5
        #expect(Analysis.largestStep(left) <= maxToneStep * 1.05)
        // It ends at the envelope's level: -6 dB of 0.5.
        let settled = Analysis.peak(left[Int(2.5 * rate)..<Int(2.6 * rate)])
        #expect(abs(Double(settled) - 0.5 * pow(10, -6.0 / 20)) < 0.005)
    }

    @Test("the sleep sound ducks by the configured depth while a voice speaks", arguments: [6.0, 12.0])
    func duckingDepth(depth: Double) throws {
        let mixer = Mixer(sampleRate: rate, settings: .init(duckDepth: depth, ceiling: 1))
        mixer.add(
            MixerChannel(
                name: "bed", role: .bed, source: SineSource(frequency: 200, amplitude: 0.25, sampleRate: rate),
                sampleRate: rate))
        // A voice from 1 s to 3 s (silent itself, so only the bed is measured).
        mixer.schedule(at: Int64(rate)) { mixer in
            mixer.add(MixerChannel(name: "voice", role: .voice, source: SilentSource(frames: Int(2 * rate)), sampleRate: 48_000))
        }
        let captured = try EngineCapture.play(mixer, endFrame: Int64(5 * rate))
        let before = Analysis.rms(captured.samples[Int(2 * 0.5 * rate)..<Int(2 * 0.9 * rate)])
        let during = Analysis.rms(captured.samples[Int(2 * 2.0 * rate)..<Int(2 * 2.9 * rate)])
        let after = Analysis.rms(captured.samples[Int(2 * 4.6 * rate)..<Int(2 * 4.9 * rate)])
        #expect(abs(Analysis.decibels(during / before) + depth) < 0.2, "ducked by \(Analysis.decibels(during / before)) dB")
        #expect(abs(Analysis.decibels(after / before)) < 0.2, "came back to \(Analysis.decibels(after / before)) dB")
        // And it moved there smoothly: no step beyond what the tone makes.
        let left = Analysis.left(captured.samples, from: 0, to: Int(5 * rate))
        #expect(Analysis.largestStep(left) <= Float(2 * Double.pi * 200 / rate) * 0.25 * 1.05)
    }

    @Test("a looped file has no seam: no step beyond the tone's own")
    func loopSeamIsSmooth() throws {
        let folder = TestFiles.temporaryDirectory()
        let path = folder + "/loop.wav"
        // 1.3 s of 330 Hz: the cycle does not fit the file, so a plain loop would jump.
        try TestFiles.writeSine(path: path, frequency: 330, amplitude: 0.4, seconds: 1.3, sampleRate: 48_000, channels: 2)
        let source = try FileSource(
            playlist: Playlist(paths: [path]), sampleRate: 48_000,
            options: .init(loop: true, shuffle: false, crossfadeSeconds: 0.3, targetLoudness: nil, realTime: false),
            logger: Logger(label: "test"))
        let mixer = Mixer(sampleRate: rate, settings: .init(ceiling: 1))
        mixer.add(MixerChannel(name: "file", role: .bed, source: source, sampleRate: rate))
        let captured = try EngineCapture.play(mixer, endFrame: Int64(5 * rate))
        let left = Analysis.left(captured.samples, from: 0, to: Int(5 * rate))
        let toneStep = Float(2 * Double.pi * 330 / rate) * 0.4
        // Equal-power crossfading two out-of-phase tones may swell slightly, never jump.
        #expect(Analysis.largestStep(left) <= toneStep * 1.5, "largest step \(Analysis.largestStep(left)) vs tone \(toneStep)")
        // And it kept playing across several loops.
        #expect(Analysis.rms(captured.samples[Int(2 * 4 * rate)...]) > 0.2)
    }

    @Test(
        "files at other rates come out at the device rate with the right length",
        arguments: [(44_100, 2), (22_050, 1)])
    func resampledLength(fileRate: Int, channels: Int) throws {
        let folder = TestFiles.temporaryDirectory()
        let path = folder + "/tone.wav"
        try TestFiles.writeSine(path: path, frequency: 441, amplitude: 0.3, seconds: 2, sampleRate: fileRate, channels: channels)
        let source = try FileSource(
            playlist: Playlist(paths: [path]), sampleRate: 48_000,
            options: .init(loop: false, shuffle: false, targetLoudness: nil, realTime: false), logger: Logger(label: "test"))
        let mixer = Mixer(sampleRate: rate, settings: .init(ceiling: 1))
        mixer.add(MixerChannel(name: "file", role: .bed, source: source, sampleRate: rate))
        let captured = try EngineCapture.play(mixer, endFrame: Int64(3 * rate))
        #expect(captured.sampleRate == 48_000)
        let left = Analysis.left(captured.samples, from: 0, to: Int(3 * rate))
        // Sound for 2 s at 48 kHz (give or take the resampler's filter), silence after.
        let lastSound = left.lastIndex { abs($0) > 0.01 } ?? 0
        #expect(abs(lastSound - 96_000) < 200, "tone ends at frame \(lastSound), expected about 96000")
        // Pitch kept: 441 Hz is 882 zero crossings a second.
        let crossings = zip(left[1000..<49_000], left[1001..<49_001]).filter { ($0 < 0) != ($1 < 0) }.count
        #expect(abs(crossings - 882) <= 2, "\(crossings) zero crossings in one second")
        // Mono reaches both sides.
        #expect(abs(captured.samples[2 * 30_000] - captured.samples[2 * 30_000 + 1]) < 1e-4)
    }
}
