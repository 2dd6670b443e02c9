import Testing
import WinddownCore

@Suite("Timeline: prompts")
struct TimelinePromptTests {
    typealias F = TimelineFixtures

    /// Clip lengths that vary with the text, so pushes happen at short durations.
    static let varied: @Sendable (String) -> Duration? = { text in .milliseconds(3_000 + 600 * Int64(text.count)) }

    @Test("prompts never overlap, keep routine order and are only ever pushed later", arguments: [5, 10, 15, 60])
    func noOverlap(minutes: Int) throws {
        var settings = F.settings(guided: .seconds(minutes * 60))
        settings.promptDuration = Self.varied
        let timeline = try F.make(F.footMassage, settings)
        let prompts = timeline.prompts
        // An opening or switch text for each of the 20 steps and halves, always; the
        // 7 end cues when there is room (shorter halves drop some rather than talk over their openings).
        #expect(prompts.filter { $0.role != .ending }.count == 20)
        #expect(prompts.filter { $0.role == .ending }.count == (minutes == 60 ? 7 : prompts.count - 20))
        for (a, b) in zip(prompts, prompts.dropFirst()) {
            #expect(b.start >= a.end + F.frames(0.8))
            #expect((a.step, a.role == .ending ? 1 : 0) < (b.step, b.role == .ending ? 1 : 0))
        }
        // Short steps make long clips collide, so this really exercises pushing.
        if minutes == 5 { #expect(prompts.contains { $0.delay > 0 }) }
        for prompt in prompts {
            #expect(prompt.start >= prompt.requestedStart)
            #expect(prompt.length == Self.varied(prompt.text)!.frames(atSampleRate: F.sampleRate))
        }
    }

    @Test("a chimed step's prompt starts chimeLead after the chime at the step's start")
    func chimeLead() throws {
        let timeline = try F.make(F.footMassage, F.settings())
        let chimedSteps = timeline.steps.filter { ["welcome", "bubbling-spring", "closing"].contains($0.id) && $0.foot != .right }
        #expect(timeline.chimes.map(\.step) == chimedSteps.map(\.index))
        #expect(timeline.chimes.map(\.frame) == chimedSteps.map(\.start))
        for step in chimedSteps {
            let opening = try #require(timeline.prompts.first { $0.step == step.index })
            #expect(opening.role == .opening)
            #expect(opening.start == step.start + F.frames(2))
        }
        // Unchimed steps speak right at their start.
        let warmWater = try #require(timeline.steps.first { $0.id == "warm-water" })
        #expect(timeline.prompts.first { $0.step == warmWater.index }?.start == warmWater.start)
    }

    @Test("the right foot's half opens with the switch text at its start")
    func switchPrompts() throws {
        let timeline = try F.make(F.footMassage, F.settings())
        let rightHalves = timeline.steps.filter { $0.foot == .right }
        #expect(rightHalves.count == 7)
        for half in rightHalves {
            let opening = try #require(timeline.prompts.first { $0.step == half.index })
            #expect(opening.role == .switchFoot)
            #expect(opening.text == "\(half.id) switch.")
            #expect(opening.start == half.start)
        }
        // The left half opens with the step's own text.
        let left = try #require(timeline.steps.first { $0.id == "toes" && $0.foot == .left })
        #expect(timeline.prompts.first { $0.step == left.index }?.text == "toes text.")
    }

    @Test("end cues finish endCueLead before the end of each half or step")
    func endCues() throws {
        let timeline = try F.make(F.footMassage, F.settings())
        let ending = timeline.prompts(role: .ending)
        let expectedSteps = timeline.steps.filter { ["reflex", "bubbling-spring", "tai-chong", "shen-men"].contains($0.id) }
        #expect(ending.map(\.step) == expectedSteps.map(\.index))
        for (prompt, step) in zip(ending, expectedSteps) {
            #expect(prompt.end == step.end - F.frames(2))
            #expect(prompt.text == F.footMassage.steps[step.routineStepIndex].endText)
        }
    }

    /// (step length, chimed, opening clip, end clip, where the end cue ends or
    /// nil when dropped): it asks to finish 2 s before the step's end, is
    /// dropped when that means starting before the opening (after its chime)
    /// has finished, and like any prompt waits out the 0.8 s gap.
    static let endCueCases: [(seconds: Int64, chime: Bool, opening: Int64, ending: Int64, endsAt: Double?)] = [
        (20, false, 4, 4, 18),    // 0–4 s, then 14–18 s
        (10, false, 4, 4, 8.8),   // asks for 4–8 s, right as the opening ends: waits for the gap
        (9, false, 4, 4, nil),    // would start at 3 s
        (10, true, 4, 4, nil),    // opening runs 2–6 s, cue would start at 4 s
        (13, true, 4, 4, 11),     // opening 2–6 s, cue 7–11 s
        (5, false, 0, 4, nil),    // no opening, but would start before the step
    ]

    @Test("an end cue that would talk over its own opening is dropped", arguments: endCueCases)
    func endCueDropped(seconds: Int64, chime: Bool, opening: Int64, ending: Int64, endsAt: Double?) throws {
        let step = RoutineStep(
            id: "hold", title: "Hold", text: opening > 0 ? "open" : "", timing: .fixed(.seconds(seconds)), endText: "end",
            chime: chime)
        let closing = RoutineStep(id: "closing", title: "Closing", text: "", timing: .share(1))
        let settings = F.settings(guided: .seconds(60), clips: ["open": .seconds(opening), "end": .seconds(ending)])
        let timeline = try F.make(F.routine([step, closing]), settings)
        let end = timeline.prompts(role: .ending)
        #expect(end.map(\.end) == (endsAt.map { [F.frames($0)] } ?? []))
    }

    @Test("a 2-minute prompt in a 30-second step pushes the later prompts, in order, into the tail")
    func longPromptPushesLaterOnes() throws {
        let routine = F.routine([
            RoutineStep(id: "long", title: "Long", text: "long", timing: .fixed(.seconds(30)), endText: "long end"),
            RoutineStep(id: "next", title: "Next", text: "next", timing: .fixed(.seconds(30)), endText: "next end"),
            RoutineStep(id: "feet", title: "Feet", text: "feet", timing: .fixed(.seconds(40)), perFoot: true,
                        switchText: "switch", chime: true),
            RoutineStep(id: "closing", title: "Closing", text: "closing", timing: .share(1)),
        ])
        let settings = F.settings(guided: .seconds(120), clip: .seconds(3), clips: ["long": .seconds(120)])
        let timeline = try F.make(routine, settings)

        // Step boundaries do not move.
        #expect(timeline.steps.map(\.start) == [0, 30, 60, 80, 100].map { F.frames($0) })
        // Each prompt follows the one before after the gap: 120.8, 124.6, 128.4, 132.2 s.
        let prompts = timeline.prompts
        #expect(prompts.map(\.text) == ["long", "next", "feet", "switch", "closing"])
        #expect(prompts.map(\.start) == [0, 120.8, 124.6, 128.4, 132.2].map { F.frames($0) })
        #expect(prompts.map(\.requestedStart) == [0, 30, 62, 80, 100].map { F.frames($0) })
        // Both end cues would have talked over their openings.
        #expect(timeline.prompts(role: .ending).isEmpty)
        // The last ones play in the tail.
        #expect(prompts.suffix(4).allSatisfy { $0.start >= timeline.guidedEnd })
        // The chime still sounds at its step's start: only prompts move.
        #expect(timeline.chimes.map(\.frame) == [F.frames(60)])
    }

    @Test("without a clip a prompt keeps its place, says nothing and ducks nothing")
    func promptsWithoutAudio() throws {
        let timeline = try F.make(F.footMassage, F.settings(clip: nil))
        #expect(timeline.prompts.count == 20 + 7)
        #expect(timeline.prompts.allSatisfy { !$0.hasAudio && $0.length == 0 })
        #expect(timeline.duckWindows.isEmpty)
        let welcome = try #require(timeline.prompts.first)
        #expect(welcome.start == F.frames(2))
    }

    @Test("an empty text makes no prompt at all")
    func emptyText() throws {
        let routine = F.routine([
            RoutineStep(id: "quiet", title: "Quiet", text: "  ", timing: .share(1)),
            RoutineStep(id: "closing", title: "Closing", text: "Sleep well.", timing: .share(1)),
        ])
        let timeline = try F.make(routine, F.settings())
        #expect(timeline.prompts.map(\.text) == ["Sleep well."])
    }

    @Test("events are sorted by frame, ducks before the chime before the prompt at equal frames")
    func eventOrder() throws {
        let settings = F.settings(guided: .seconds(300))
        var noLead = settings
        noLead.chimeLead = .zero
        noLead.duckLead = .zero
        let timeline = try F.make(F.footMassage, noLead)
        for (a, b) in zip(timeline.events, timeline.events.dropFirst()) { #expect(a.start <= b.start) }
        let atZero = timeline.events.prefix { $0.start == 0 }
        #expect(atZero.map(Self.kind) == ["duck", "chime", "prompt"])
    }

    static func kind(_ event: TimelineEvent) -> String {
        switch event {
        case .chime: "chime"
        case .prompt: "prompt"
        case .breathing: "breathing"
        case .duck: "duck"
        }
    }
}
