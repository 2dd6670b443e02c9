import Testing
import WinddownCore

@Suite("Dimming: the plan")
struct DimmingPlanTests {
    static func dimming(
        from: Int = 60, to: Int = 0, duration: Duration? = .seconds(600), interval: Duration = .seconds(60),
        offset: Duration = .zero, curve: DimmingCurve = .linear
    ) -> Configuration.Dimming {
        var dimming = Configuration.defaults.dimming
        dimming.hook = "/bin/true"
        (dimming.from, dimming.to, dimming.duration, dimming.interval) = (from, to, duration, interval)
        (dimming.offset, dimming.curve) = (offset, curve)
        return dimming
    }

    static func plan(_ dimming: Configuration.Dimming, guided: Duration = .seconds(900), session: Duration = .seconds(2100)) -> DimmingPlan {
        DimmingPlan.make(dimming, guidedLength: guided, sessionLength: session)
    }

    /// `(seconds, phase, level, transition seconds)` of each call.
    static func summary(_ plan: DimmingPlan) -> [String] {
        plan.calls.map { "\($0.at.components.seconds) \($0.phase.rawValue) \($0.level) \($0.transitionText)" }
    }

    @Test("linear: start at from, a step every interval on a straight line, end at to; transitions to the next call")
    func linear() {
        let plan = Self.plan(Self.dimming(from: 60, to: 0, duration: .seconds(300), interval: .seconds(60)))
        #expect(Self.summary(plan) == ["0 start 60 60", "60 step 48 60", "120 step 36 60", "180 step 24 60", "240 step 12 60", "300 end 0 0"])
        #expect(plan.end == .seconds(300))
    }

    @Test("perceptual: small steps first, large ones near the end")
    func perceptual() {
        let plan = Self.plan(Self.dimming(from: 100, to: 0, duration: .seconds(500), interval: .seconds(100), curve: .perceptual))
        // 100 − 100·p²: p = 0.2 … 0.8 → 96, 84, 64, 36.
        #expect(Self.summary(plan) == ["0 start 100 100", "100 step 96 100", "200 step 84 100", "300 step 64 100", "400 step 36 100", "500 end 0 0"])
        let drops = zip(plan.calls, plan.calls.dropFirst()).map { $0.level - $1.level }
        #expect(drops == drops.sorted(), "the drops do not grow: \(drops)")
    }

    @Test("interval 0 is one hand-off call: start, level to, the whole duration")
    func handOff() {
        let plan = Self.plan(Self.dimming(from: 60, to: 5, duration: .seconds(600), interval: .zero))
        #expect(Self.summary(plan) == ["0 start 5 600"])
        #expect(plan.levelReached(at: .seconds(300)) == 33, "half-way on the light's own even fade from 60 to 5")
    }

    @Test("duration 0 is one call that sets the end level at once")
    func zeroDuration() {
        #expect(Self.summary(Self.plan(Self.dimming(duration: .zero))) == ["0 start 0 0"])
    }

    @Test("an interval that does not divide the duration leaves a shorter last step")
    func unevenInterval() {
        let plan = Self.plan(Self.dimming(from: 50, to: 0, duration: .seconds(250), interval: .seconds(100)))
        #expect(Self.summary(plan) == ["0 start 50 100", "100 step 30 100", "200 step 10 50", "250 end 0 0"])
    }

    @Test("an interval as long as the duration or longer: start and end only")
    func longInterval() {
        #expect(Self.summary(Self.plan(Self.dimming(duration: .seconds(60), interval: .seconds(600)))) == ["0 start 60 60", "60 end 0 0"])
    }

    @Test("offset moves every call; unset duration means the guided part's length")
    func offset() {
        let plan = Self.plan(Self.dimming(from: 40, to: 0, duration: nil, interval: .seconds(150), offset: .seconds(120)), guided: .seconds(600))
        #expect(Self.summary(plan) == ["120 start 40 150", "270 step 30 150", "420 step 20 150", "570 step 10 150", "720 end 0 0"])
    }

    @Test("a dimming longer than the session is shortened to end with it; one starting after it makes no calls")
    func clippedToSession() {
        let plan = Self.plan(Self.dimming(from: 60, to: 0, duration: .seconds(900), interval: .seconds(60), offset: .seconds(120)), session: .seconds(300))
        #expect(Self.summary(plan) == ["120 start 60 60", "180 step 40 60", "240 step 20 60", "300 end 0 0"])
        #expect(Self.plan(Self.dimming(offset: .seconds(300)), session: .seconds(300)).calls.isEmpty)
    }

    @Test("from == to: a start and an end, no steps")
    func flat() {
        #expect(Self.summary(Self.plan(Self.dimming(from: 30, to: 30, duration: .seconds(600)))) == ["0 start 30 600", "600 end 30 0"])
    }

    @Test("steps that would repeat a level are left out; the call before fades until the next one")
    func duplicatesLeftOut() {
        let plan = Self.plan(Self.dimming(from: 3, to: 0, duration: .seconds(600), interval: .seconds(60)))
        #expect(Self.summary(plan) == ["0 start 3 120", "120 step 2 240", "360 step 1 180", "540 step 0 60", "600 end 0 0"])
    }

    @Test("the level reached follows each call's transition")
    func levelReached() {
        let plan = Self.plan(Self.dimming(from: 60, to: 0, duration: .seconds(300), interval: .seconds(60)))
        #expect(plan.levelReached(at: .seconds(-1)) == nil)
        #expect(plan.levelReached(at: .seconds(30)) == 60)
        #expect(plan.levelReached(at: .seconds(90)) == 54, "half-way from 60 to 48")
        #expect(plan.levelReached(at: .seconds(300)) == 0)
    }

    @Test("transition seconds are written plainly")
    func transitionText() {
        let call = { (d: Duration) in DimmingCall(at: .zero, phase: .step, level: 1, transition: d).transitionText }
        #expect(call(.seconds(60)) == "60")
        #expect(call(.milliseconds(2500)) == "2.5")
        #expect(call(.milliseconds(125)) == "0.125")
        #expect(call(.zero) == "0")
    }

    /// A small deterministic generator, so the property test is repeatable.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return range.lowerBound + Int(z % UInt64(range.count))
        }
    }

    @Test("any plan: starts at from, ends at to, never rises, whole percents, transitions sum to the duration")
    func properties() {
        var random = SplitMix(state: 7)
        for _ in 0..<3000 {
            let from = random.next(0...100)
            let to = random.next(0...from)
            let duration = Duration.seconds(random.next(0...5400))
            let interval = random.next(0...4) == 0 ? Duration.zero : .seconds(random.next(1...900))
            let offset = random.next(0...2) == 0 ? Duration.seconds(random.next(0...600)) : .zero
            let curve: DimmingCurve = random.next(0...1) == 0 ? .linear : .perceptual
            let session = Duration.seconds(random.next(300...7200))
            let dimming = Self.dimming(from: from, to: to, duration: duration, interval: interval, offset: offset, curve: curve)
            let plan = Self.plan(dimming, session: session)
            let label = "from \(from) to \(to) over \(duration) every \(interval) at \(offset), \(curve), session \(session): \(Self.summary(plan))"
            guard offset < session else {
                #expect(plan.calls.isEmpty, "\(label)")
                continue
            }
            let length = min(duration, session - offset)
            let calls = plan.calls
            #expect(calls.first?.phase == .start && calls.first?.at == offset, "\(label)")
            #expect(calls.allSatisfy { (0...100).contains($0.level) }, "\(label)")
            #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.level >= $1.level && $0.at < $1.at }, "\(label)")
            #expect(calls.reduce(Duration.zero) { $0 + $1.transition } == length, "\(label)")
            #expect(calls.last?.level == to, "\(label)")
            #expect(plan.end == offset + length && plan.end <= session, "\(label)")
            if calls.count > 1 {
                #expect(calls[0].level == from && calls.last?.phase == .end, "\(label)")
                #expect(calls.dropFirst().dropLast().allSatisfy { $0.phase == .step }, "\(label)")
                #expect(zip(calls.dropLast(), calls.dropFirst().dropLast()).allSatisfy { $0.level != $1.level }, "\(label)")
            } else {
                #expect(interval == .zero || length == .zero, "\(label)")
            }
            var previous = from
            for second in stride(from: 0, through: Int(plan.end.components.seconds) + 1, by: max(1, Int(length.components.seconds) / 50)) {
                guard let level = plan.levelReached(at: .seconds(second)) else { continue }
                #expect(level <= previous && level >= to, "\(label) at \(second) s")
                previous = level
            }
        }
    }
}
