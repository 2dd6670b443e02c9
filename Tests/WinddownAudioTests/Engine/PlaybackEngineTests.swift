import Logging
import Synchronization
import Testing
@testable import WinddownAudio
import WinddownCore

/// The live engine's loop on a manual clock and in-memory sinks: real time
/// kept on a sink that takes audio early, speed, holds, extension and a
/// sink that goes away, with no alsa-lib and no waiting.
@Suite("Playback engine on a manual clock")
struct PlaybackEngineTests {
    static let rate = 48_000.0

    static func bed(_ mixer: Mixer, amplitude: Float = 0.2, envelope: GainEnvelope = GainEnvelope()) {
        mixer.add(
            MixerChannel(
                name: "sleep-sound", role: .bed, source: SineSource(frequency: 200, amplitude: amplitude, sampleRate: rate),
                sampleRate: rate, envelope: envelope))
    }

    /// Takes everything at once, like ALSA `null`, and notes how far ahead of the clock each write was.
    final class EagerSink: AudioSink {
        let name = "eager"
        let sampleRate = 48_000
        private(set) var isOpen = false
        let recoveredUnderruns = 0
        let clock: ManualClock
        let record = WriteRecord()
        private var origin: Duration?
        /// Writes from this many on throw, until `opensRefused` opens have failed.
        var failFromWrite: Int?
        var opensRefused = 0
        private var writes = 0

        init(clock: ManualClock) { self.clock = clock }

        func open() throws -> String {
            if writes > 0, opensRefused > 0 {
                opensRefused -= 1
                throw SinkError(.deviceLost, "not back yet")
            }
            isOpen = true
            if origin == nil { origin = clock.now() }
            return "eager"
        }

        func write(_ samples: UnsafePointer<Float>, frames count: Int) throws {
            writes += 1
            if let failFromWrite, writes >= failFromWrite, opensRefused > 0 {
                isOpen = false
                throw SinkError(.deviceLost, "gone")
            }
            let total = record.frames.add(Int64(count), ordering: .relaxed).newValue
            let elapsed = (clock.now() - (origin ?? .zero)).frames(atSampleRate: sampleRate)
            let ahead = total - elapsed
            if ahead > record.worst.load(ordering: .relaxed) { record.worst.store(ahead, ordering: .relaxed) }
        }

        func delayFrames() -> Int { 0 }
        func finish() throws { isOpen = false }
        func close() { isOpen = false }
    }

    /// What an `EagerSink` saw, readable once the engine is done.
    final class WriteRecord: Sendable {
        /// The most frames written ahead of the clock.
        let worst = Atomic<Int64>(0)
        let frames = Atomic<Int64>(0)
    }

    /// Plays `seconds` of a bed into an `EagerSink` on a fresh manual clock
    /// (its `prepare` sets the sink up): what was written, and how much clock it took.
    static func play(
        seconds: Double, speed: Int = 1, prepare: (EagerSink) -> Void = { _ in }
    ) throws -> (record: WriteRecord, took: Duration, sleeps: Int) {
        let clock = ManualClock()
        let start = clock.now()
        let sink = EagerSink(clock: clock)
        prepare(sink)
        let record = sink.record
        let mixer = Mixer(sampleRate: rate)
        bed(mixer)
        let engine = try PlaybackEngine(
            mixer: mixer, sink: sink, endFrame: Int64(seconds * rate), clock: clock, pacing: Pacing(speed: speed),
            logger: Logger(label: "test"))
        engine.waitUntilFinished()
        return (record, clock.now() - start, clock.sleepCount)
    }

    @Test("a sink that takes audio at once is never written more than the lead ahead of the clock, and the session ends on the clock")
    func keepsRealTime() throws {
        let (record, took, sleeps) = try Self.play(seconds: 60)
        #expect(record.frames.load(ordering: .relaxed) == Int64(60 * Self.rate))
        let lead = Int64(Self.rate) + Int64(PlaybackEngine.liveBlockFrames)
        #expect(record.worst.load(ordering: .relaxed) <= lead, "wrote \(record.worst.load(ordering: .relaxed)) frames ahead")
        // 60 s of session took 60 s of the clock, not the moment the CPU needed.
        #expect(took >= .milliseconds(59_950) && took <= .milliseconds(60_050), "the session took \(took) of clock")
        // A wake-up every quarter second or so, not one per block.
        #expect(sleeps <= 60 * 4 + 8, "\(sleeps) sleeps")
    }

    @Test("at speed 10, 20 s of session take 2 s of the clock and one block in ten is heard")
    func speed() throws {
        let (record, took, _) = try Self.play(seconds: 20, speed: 10)
        let written = record.frames.load(ordering: .relaxed)
        #expect(abs(written - Int64(2 * Self.rate)) <= 2048, "\(written) frames heard")
        #expect(took >= .milliseconds(1950) && took <= .milliseconds(2100), "took \(took)")
    }

    @Test("a hold keeps the sound playing and moves the end by the time held; a pause silences it")
    func holdKeepsTheSound() throws {
        func session(_ during: @escaping @Sendable (Mixer) -> Void, _ after: @escaping @Sendable (Mixer) -> Void) throws -> [Float] {
            let mixer = Mixer(sampleRate: Self.rate, settings: .init(ceiling: 1))
            Self.bed(mixer)
            mixer.schedule(at: Int64(1 * Self.rate), during)
            mixer.schedule(at: Int64(3 * Self.rate), after)
            return try EngineCapture.play(mixer, endFrame: Int64(2 * Self.rate)).samples
        }
        let held = try session({ $0.freezeTimeline() }, { $0.releaseTimeline() })
        #expect(held.count == 2 * Int(4 * Self.rate), "\(Double(held.count) / 2 / Self.rate) s")
        let holding = Analysis.rms(held[Int(2 * 1.5 * Self.rate)..<Int(2 * 2.5 * Self.rate)])
        #expect(holding > 0.1, "the bed went quiet during the hold: \(holding)")
        let paused = try session({ $0.holdTimeline(fadeSeconds: 0.1) }, { $0.resumeTimeline(fadeSeconds: 0.1) })
        #expect(paused.count == 2 * Int(4 * Self.rate))
        #expect(Analysis.rms(paused[Int(2 * 1.5 * Self.rate)..<Int(2 * 2.5 * Self.rate)]) < 0.001)
    }

    @Test("a breathing tone held past its end keeps breathing, and ends gently once released")
    func breathingToneSustains() throws {
        let mixer = Mixer(sampleRate: Self.rate, settings: .init(ceiling: 1))
        let tone = BreathToneSource(sampleRate: Self.rate, inhaleSeconds: 1, exhaleSeconds: 1, seconds: 2)
        mixer.add(MixerChannel(name: "breathing", role: .effect, source: tone, sampleRate: Self.rate))
        mixer.schedule(at: Int64(0.5 * Self.rate)) { $0.freezeTimeline() }
        mixer.schedule(at: Int64(5 * Self.rate)) { $0.releaseTimeline() }
        let samples = try EngineCapture.play(mixer, endFrame: Int64(3 * Self.rate)).samples
        // Planned to end at 2 s; held from 0.5 s to 5 s, it still breathes at 4 s.
        #expect(Analysis.rms(samples[Int(2 * 3.5 * Self.rate)..<Int(2 * 4.5 * Self.rate)]) > 0.01)
        #expect(Analysis.rms(samples[Int(2 * 7.2 * Self.rate)...]) < 1e-6, "still sounding long after the release")
        #expect(Analysis.largestStep(Analysis.left(samples, from: 0, to: samples.count / 2)) < 0.012)
    }

    @Test("extend in the middle of the fade: the end moves, the level never jumps, and the new fade is gentler")
    func extendMidFade() throws {
        let mixer = Mixer(sampleRate: Self.rate, settings: .init(ceiling: 1))
        let fade = GainEnvelope(points: [.init(frame: Int64(2 * Self.rate), decibels: 0), .init(frame: Int64(6 * Self.rate), decibels: Decibels.silenceFloor)])
        Self.bed(mixer, amplitude: 0.5, envelope: fade)
        mixer.schedule(at: Int64(4 * Self.rate)) { $0.extendSession(to: Int64(14 * Self.rate)) }
        let samples = try EngineCapture.play(mixer, endFrame: Int64(6 * Self.rate)).samples
        #expect(samples.count == 2 * Int(14 * Self.rate))
        // Level per 100 ms in dB: never a step of more than the old fade's own slope allows.
        let window = Int(0.1 * Self.rate)
        let levels = stride(from: 0, to: samples.count / 2 - window, by: window).map { start in
            Analysis.decibels(Analysis.rms(samples[(2 * start)..<(2 * (start + window))]))
        }
        let steps = zip(levels, levels.dropFirst()).map { abs($1 - $0) }
        // The first fade falls 96 dB in 4 s (2.4 dB per 100 ms); the new one 48 dB in 10 s.
        let before = steps[20..<38].max() ?? 0
        let after = steps[42..<130].max() ?? 0
        #expect(before < 3, "\(before) dB per 100 ms before")
        #expect(after < 0.6, "\(after) dB per 100 ms after the extension")
        #expect(abs(levels[41] - levels[39]) < 3.5, "the level jumped at the extension")
    }

    @Test("a sink that goes away: the session keeps the clock's time and sound comes back where the session is")
    func lostSinkKeepsTime() throws {
        let (record, took, _) = try Self.play(seconds: 30) { sink in
            sink.failFromWrite = 100
            sink.opensRefused = 3
        }
        #expect(took >= .seconds(29) && took <= .milliseconds(30_200), "took \(took)")
        // Gone for the three refused opens (0.5 + 1 + 2 s of back-off, give or take a block), then back.
        let heard = Double(record.frames.load(ordering: .relaxed)) / Self.rate
        #expect(heard > 24 && heard < 28, "\(heard) s heard")
    }
}
