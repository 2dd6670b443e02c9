import Testing
import WinddownCore

@Suite("Timeline: bed envelope and frame arithmetic")
struct TimelineBedEnvelopeTests {
    typealias F = TimelineFixtures

    /// (fade in, guided, fade out) in seconds → the expected points (seconds, dB).
    static let cases: [(fadeIn: Int64, guided: Int64, fadeOut: Int64, points: [(Double, Double)])] = [
        (8, 900, 1200, [(0, -96), (8, 0), (900, 0), (2100, -96)]),
        (8, 300, 0, [(0, -96), (8, 0), (299.5, 0), (300, -96)]),
        (0, 600, 60, [(0, 0), (600, 0), (660, -96)]),
    ]

    @Test("fade in, hold, fade out over the tail", arguments: cases)
    func points(fadeIn: Int64, guided: Int64, fadeOut: Int64, points: [(Double, Double)]) throws {
        var settings = F.settings(guided: .seconds(guided), fadeOut: .seconds(fadeOut))
        settings.fadeIn = .seconds(fadeIn)
        let timeline = try F.make(F.footMassage, settings)
        #expect(timeline.bedEnvelope.points == points.map { GainEnvelope.Point(frame: F.frames($0.0), decibels: $0.1) })
        #expect(timeline.sessionEnd == F.frames(Double(guided + fadeOut)))
    }

    @Test("levels between points are straight in dB, and ducking is not in the envelope")
    func levels() throws {
        let timeline = try F.make(F.footMassage, F.settings(guided: .seconds(900), fadeOut: .seconds(1200)))
        let envelope = timeline.bedEnvelope
        #expect(envelope.level(at: 0) == -96)
        #expect(envelope.level(at: F.frames(4)) == -48)
        #expect(envelope.level(at: F.frames(8)) == 0)
        // Under the first prompt the bed is still at its envelope level.
        let prompt = try #require(timeline.prompts.first { $0.start > F.frames(8) })
        #expect(envelope.level(at: prompt.start) == 0)
        #expect(envelope.level(at: F.frames(900 + 600)) == -48)
        #expect(envelope.level(at: timeline.sessionEnd) == -96)
        #expect(envelope.level(at: timeline.sessionEnd + 1) == -96)
    }

    @Test("durations become whole frames, rounded to the nearest", arguments: [
        (Duration.seconds(1), 48_000, Int64(48_000)),
        (.milliseconds(800), 44_100, 35_280),
        (.seconds(3600), 48_000, 172_800_000),
        (.nanoseconds(10_417), 48_000, 1),  // 0.50002 frames
        (.nanoseconds(10_416), 48_000, 0),  // 0.49997 frames
        (.milliseconds(1), 44_100, 44),     // 44.1
        (.zero, 96_000, 0),
    ])
    func durationToFrames(duration: Duration, sampleRate: Int, frames: Int64) {
        #expect(duration.frames(atSampleRate: sampleRate) == frames)
    }

    @Test("frames become exact durations and back", arguments: [
        (Int64(1), 44_100), (35_280, 44_100), (172_800_001, 48_000), (7, 3), (0, 48_000),
    ])
    func framesToDuration(frames: Int64, sampleRate: Int) {
        let duration = Duration(frames: frames, sampleRate: sampleRate)
        #expect(duration.frames(atSampleRate: sampleRate) == frames)
        #expect(abs(FrameTime.seconds(frames: frames, sampleRate: sampleRate) - Double(frames) / Double(sampleRate)) < 1e-12)
        #expect(FrameTime.frames(seconds: Double(frames) / Double(sampleRate), sampleRate: sampleRate) == frames)
    }
}

@Suite("Timeline without steps")
struct EmptyRoutineTimelineTests {
    @Test("a routine with no steps is the sleep sound alone: no steps, no events, the envelope over the whole session")
    func sleepSoundOnly() throws {
        let routine = Routine(name: "none", title: "Sleep sound only", summary: "", steps: [])
        let timeline = try SessionTimeline.make(
            routine: routine,
            settings: TimelineSettings(sampleRate: 1000, guided: .seconds(30), fadeOut: .seconds(20), promptDuration: { _ in nil }))
        #expect(timeline.steps.isEmpty)
        #expect(timeline.events.isEmpty)
        #expect(timeline.guidedEnd == 30_000)
        #expect(timeline.sessionEnd == 50_000)
        #expect(timeline.bedEnvelope.level(at: 20_000) == 0)
        #expect(timeline.bedEnvelope.level(at: 50_000) == Decibels.silenceFloor)
    }
}
