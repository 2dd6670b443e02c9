import Testing
import WinddownCore

@Suite("Dimming: a plan that follows the routine's light cues")
struct LightCuePlanTests {
    static func dimming(from: Int = 60, to: Int = 0, interval: Duration = .seconds(60), offset: Duration = .zero) -> Configuration.Dimming {
        var dimming = Configuration.defaults.dimming
        (dimming.from, dimming.to, dimming.interval, dimming.offset, dimming.curve) = (from, to, interval, offset, .linear)
        return dimming
    }

    static func summary(_ plan: DimmingPlan) -> [String] {
        plan.calls.map { "\($0.at.components.seconds) \($0.phase.rawValue) \($0.level) \($0.transitionText)" }
    }

    @Test("each cue's level is reached as its step begins (each call names where its transition ends), dimming.to at the guided end")
    func followsCues() {
        let plan = DimmingPlan.make(
            Self.dimming(), guidedLength: .seconds(600), sessionLength: .seconds(1200),
            cues: [(.seconds(120), 40), (.seconds(300), 10)])
        #expect(
            Self.summary(plan) == [
                "0 start 50 60", "60 step 40 60", "120 step 30 60", "180 step 20 60", "240 step 10 60", "300 step 8 60",
                "360 step 6 60", "420 step 4 60", "480 step 2 60", "540 step 0 60", "600 end 0 0",
            ])
        #expect(plan.levelReached(at: .seconds(120)) == 40)
        #expect(plan.levelReached(at: .seconds(300)) == 10)
        // Never brighter than a moment before.
        let levels = stride(from: 0, through: 600, by: 5).compactMap { plan.levelReached(at: .seconds($0)) }
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test("cues are kept between to and from; cues before the offset or after the guided end are passed over")
    func clampedAndFiltered() {
        let plan = DimmingPlan.make(
            Self.dimming(from: 50, to: 10, offset: .seconds(60)), guidedLength: .seconds(300), sessionLength: .seconds(600),
            cues: [(.seconds(30), 45), (.seconds(120), 80), (.seconds(240), 0), (.seconds(400), 5)])
        // 80 is kept at from (50): the lights hold there until its step; 0 at to (10), then they hold.
        #expect(Self.summary(plan) == ["60 start 50 60", "120 step 30 60", "180 step 10 60", "300 end 10 0"])
        #expect(plan.levelReached(at: .seconds(120)) == 50 && plan.levelReached(at: .seconds(240)) == 10)
        #expect(plan.levelReached(at: .seconds(270)) == 10)
    }

    @Test("a cue at the level before it holds the lights there until its step, then they go on down")
    func holds() {
        let plan = DimmingPlan.make(
            Self.dimming(from: 60, to: 0), guidedLength: .seconds(300), sessionLength: .seconds(300),
            cues: [(.seconds(120), 60), (.seconds(180), 30)])
        #expect(plan.levelReached(at: .seconds(60)) == 60 && plan.levelReached(at: .seconds(120)) == 60)
        #expect(plan.levelReached(at: .seconds(180)) == 30 && plan.levelReached(at: .seconds(300)) == 0)
        #expect(Self.summary(plan).first == "0 start 60 60")
    }

    @Test("without cues it is the single ramp of before")
    func noCues() {
        let ramp = DimmingPlan.make(Self.dimming(), guidedLength: .seconds(300), sessionLength: .seconds(600))
        let same = DimmingPlan.make(Self.dimming(), guidedLength: .seconds(300), sessionLength: .seconds(600), cues: [])
        #expect(ramp == same)
        #expect(Self.summary(ramp).first == "0 start 60 60" && Self.summary(ramp).last == "300 end 0 0")
    }
}
