import Testing
@testable import WinddownAudio
import WinddownCore

@Suite("Gain envelope and smoothing")
struct GainEnvelopeTests {
    @Test("levels between points are straight lines in dB, held outside")
    func interpolation() {
        let envelope = GainEnvelope(points: [.init(frame: 100, decibels: -20), .init(frame: 0, decibels: 0)])
        #expect(envelope.level(at: -5) == 0)
        #expect(envelope.level(at: 0) == 0)
        #expect(envelope.level(at: 50) == -10)
        #expect(envelope.level(at: 100) == -20)
        #expect(envelope.level(at: 10_000) == -20)
    }

    @Test("a fade to silence runs down to the floor and is silent there")
    func fadeToSilence() {
        let envelope = GainEnvelope(points: [
            .init(frame: 0, decibels: 0), .init(frame: 1000, decibels: Decibels.silenceFloor),
        ])
        var previous = Double.infinity
        for frame in stride(from: Int64(0), through: 1000, by: 10) {
            let level = envelope.level(at: frame)
            #expect(level < previous)
            previous = level
        }
        #expect(Decibels.amplitude(envelope.level(at: 1000)) == 0)
    }

    @Test("a ramp starts from the current level and replaces later points")
    func ramp() {
        var envelope = GainEnvelope(points: [.init(frame: 0, decibels: 0), .init(frame: 1000, decibels: -40)])
        envelope.ramp(from: 500, over: 100, to: 0)
        #expect(envelope.level(at: 500) == -20)
        #expect(envelope.level(at: 550) == -10)
        #expect(envelope.level(at: 5000) == 0)
    }

    @Test("a smoothed level glides at its rate and stops on target")
    func smoothing() {
        var level = SmoothedLevel(0, fallPerFrame: 0.1, risePerFrame: 0.05)
        level.target = -10
        level.advance(by: 50)
        #expect(abs(level.current + 5) < 1e-9)
        level.advance(by: 500)
        #expect(level.current == -10)
        level.target = 0
        level.advance(by: 100)
        #expect(abs(level.current + 5) < 1e-9)
    }

    @Test("volume percentages map to amplitude: half is -6 dB, 20 % is -23 LUFS")
    func volumeScale() {
        #expect(abs(VolumeScale.decibels(forPercent: 50) + 6.0206) < 1e-3)
        #expect(abs(VolumeScale.loudness(forPercent: 20) + 22.98) < 0.01)
        #expect(VolumeScale.decibels(forPercent: 0) == -.infinity)
        #expect(VolumeScale.amplitude(forPercent: 50) == 0.5)
    }

    @Test("refade: before the fade the tail is simply longer; in the fade the level carries on from where it is")
    func refade() {
        let bed = GainEnvelope.sessionBed(fadeIn: 100, guidedEnd: 1000, fadeOut: 1000, shortFade: 50)
        var early = bed
        early.refade(from: 500, toSilenceAt: 3000)
        #expect(early.level(at: 900) == 0)
        #expect(early.level(at: 1000) == 0)
        #expect(abs(early.level(at: 2000) - Decibels.silenceFloor / 2) < 1e-9)
        #expect(early.level(at: 3000) == Decibels.silenceFloor)
        var late = bed
        let now = bed.level(at: 1500)
        late.refade(from: 1500, toSilenceAt: 5500)
        #expect(late.level(at: 1500) == now)
        #expect(abs(late.level(at: 3500) - (now + Decibels.silenceFloor) / 2) < 1e-9)
        #expect(late.level(at: 5500) == Decibels.silenceFloor)
        #expect(late.level(at: 1200) == bed.level(at: 1200))
        // No tail at all (fade_out 0): the short fade before the guided end is stretched, never silence.
        var none = GainEnvelope.sessionBed(fadeIn: 100, guidedEnd: 1000, fadeOut: 0, shortFade: 50)
        none.refade(from: 500, toSilenceAt: 2000)
        #expect(none.level(at: 950) == 0)
        #expect(none.level(at: 1000) > -10)
        #expect(none.level(at: 2000) == Decibels.silenceFloor)
    }
}
