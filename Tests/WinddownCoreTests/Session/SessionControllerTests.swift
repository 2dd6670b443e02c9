import Testing
import WinddownCore

/// The session controller on a manual clock: instants are made up, nothing
/// sleeps, and every decision about a running session is checked here.
@Suite("Session controller")
struct SessionControllerTests {
    typealias Controller = SessionController
    typealias Phase = SessionController.Phase
    typealias Event = SessionController.Event

    /// 1000 frames a second: three steps of 30, 30 and 60 s, then a 60 s tail.
    static let plan: SessionPlan = {
        let titles = [("one", 0, 30), ("two", 30, 60), ("three", 60, 120)]
        let steps = titles.enumerated().map { index, step in
            TimelineStep(
                index: index, routineStepIndex: index, id: step.0, title: step.0, foot: nil, position: index + 1,
                count: 3, start: Int64(step.1) * 1000, end: Int64(step.2) * 1000)
        }
        return SessionPlan(routine: "test", sampleRate: 1000, steps: steps, guidedEnd: 120_000, sessionEnd: 180_000)
    }()

    static func s(_ seconds: Double) -> Duration { .milliseconds(Int64(seconds * 1000)) }

    /// A controller brought to `phase`, with the clock at 10 s into the session (launched at 0).
    static func controller(in phase: Phase, speed: Int = 1) throws -> Controller {
        var c = Controller(volume: 30, maximumVolume: 80, rules: .init(speed: speed))
        if phase == .idle { return c }
        _ = try c.handle(.start(.request), at: .zero)
        if phase == .starting { return c }
        _ = try c.handle(.launched(plan), at: .zero)
        switch phase {
        case .holding: _ = try c.handle(.hold, at: s(10))
        case .paused: _ = try c.handle(.pause, at: s(10))
        case .stopping: _ = try c.handle(.stop, at: s(10))
        default: break
        }
        return c
    }

    static let events: [(String, Event)] = [
        ("start", .start(.request)), ("launched", .launched(plan)), ("launchFailed", .launchFailed(reason: "no device")),
        ("pause", .pause), ("resume", .resume), ("hold", .hold), ("skip", .skip), ("stop", .stop),
        ("extend", .extend(.seconds(600))), ("volume", .volume(.set(50))), ("reload", .reload(volume: 20, maximumVolume: 80)),
        ("deviceLost", .deviceLost), ("deviceBack", .deviceBack), ("tick", .tick), ("engineFinished", .engineFinished),
    ]

    /// Each phase × each event: the phase after it, or nil for a refusal.
    static let table: [Phase: [String: Phase?]] = [
        .idle: [
            "start": .starting, "launched": .idle, "launchFailed": .idle, "pause": nil, "resume": nil, "hold": nil,
            "skip": nil, "stop": nil, "extend": nil, "volume": nil, "reload": .idle, "deviceLost": .idle,
            "deviceBack": .idle, "tick": .idle, "engineFinished": .idle,
        ],
        .starting: [
            "start": nil, "launched": .running, "launchFailed": .idle, "pause": nil, "resume": nil, "hold": nil,
            "skip": nil, "stop": .starting, "extend": nil, "volume": nil, "reload": .starting,
            "deviceLost": .starting, "deviceBack": .starting, "tick": .starting, "engineFinished": .starting,
        ],
        .running: [
            "start": nil, "launched": .running, "launchFailed": .running, "pause": .paused, "resume": nil,
            "hold": .holding, "skip": .running, "stop": .stopping, "extend": .running, "volume": .running,
            "reload": .running, "deviceLost": .running, "deviceBack": .running, "tick": .running, "engineFinished": .idle,
        ],
        .holding: [
            "start": nil, "launched": .holding, "launchFailed": .holding, "pause": .paused, "resume": .running,
            "hold": nil, "skip": .running, "stop": .stopping, "extend": .holding, "volume": .holding,
            "reload": .holding, "deviceLost": .holding, "deviceBack": .holding, "tick": .holding, "engineFinished": .idle,
        ],
        .paused: [
            "start": nil, "launched": .paused, "launchFailed": .paused, "pause": nil, "resume": .running, "hold": nil,
            "skip": nil, "stop": .stopping, "extend": .paused, "volume": .paused, "reload": .paused,
            "deviceLost": .paused, "deviceBack": .paused, "tick": .paused, "engineFinished": .idle,
        ],
        .stopping: [
            "start": nil, "launched": .stopping, "launchFailed": .stopping, "pause": nil, "resume": nil, "hold": nil,
            "skip": nil, "stop": nil, "extend": nil, "volume": nil, "reload": .stopping, "deviceLost": .stopping,
            "deviceBack": .stopping, "tick": .stopping, "engineFinished": .idle,
        ],
    ]

    @Test("every event in every phase: the phase it leads to, or a refusal that changes nothing", arguments: Phase.allCases)
    func everyEventInEveryPhase(phase: Phase) throws {
        let row = try #require(Self.table[phase])
        for (name, event) in Self.events {
            var c = try Self.controller(in: phase)
            let before = c.status(at: Self.s(11))
            let expected = try #require(row[name], "no table entry for \(name) in \(phase)")
            do {
                _ = try c.handle(event, at: Self.s(11))
                #expect(expected != nil, "\(name) in \(phase) was accepted")
                #expect(c.phase == expected, "\(name) in \(phase) led to \(c.phase)")
            } catch {
                #expect(expected == nil, "\(name) in \(phase) was refused: \(error)")
                #expect(c.status(at: Self.s(11)) == before, "a refused \(name) changed the session")
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("the session's time follows the clock it is given, and stands still while paused")
    func timeFollowsTheClock() throws {
        var c = try Self.controller(in: .running)
        #expect(c.status(at: Self.s(25)).elapsedSeconds == 25)
        #expect(c.status(at: Self.s(25)).remainingSeconds == 155)
        #expect(c.status(at: Self.s(35)).step?.title == "two")
        _ = try c.handle(.pause, at: Self.s(40))
        #expect(c.status(at: Self.s(100)).elapsedSeconds == 40)
        _ = try c.handle(.resume, at: Self.s(100))
        #expect(c.status(at: Self.s(105)).elapsedSeconds == 45)
        #expect(c.status(at: Self.s(105)).remainingSeconds == 135)
    }

    @Test("--speed 10: ten seconds of session for each second of the clock")
    func speed() throws {
        let c = try Self.controller(in: .running, speed: 10)
        #expect(c.status(at: Self.s(3)).elapsedSeconds == 30)
        #expect(c.status(at: Self.s(3)).step?.title == "two")
        #expect(c.status(at: Self.s(100)).remainingSeconds == 0)
    }

    @Test("the pause limit fires on the given clock, after an hour and not before, and the session is recorded as stopped")
    func pauseLimit() throws {
        var c = try Self.controller(in: .paused)
        #expect(c.nextDeadline == Self.s(10 + 3600))
        #expect(try c.handle(.tick, at: Self.s(10 + 3599)).isEmpty)
        #expect(c.phase == .paused)
        let actions = try c.handle(.tick, at: Self.s(10 + 3600))
        #expect(c.phase == .stopping)
        #expect(actions.contains(.engine(.stop(fade: .seconds(3)))))
        #expect(actions.contains(.dimming(.abort)))
        #expect(actions.contains(.notice("paused for 1h; ending the session")))
        let ended = try c.handle(.engineFinished, at: Self.s(10 + 3603))
        let record = try #require(ended.compactMap { if case .record(let r) = $0 { r } else { nil } }.first)
        #expect(record.outcome == .stopped)
        #expect(record.reason == "paused for too long")
        #expect(record.playedSeconds == 13)
        #expect(c.phase == .idle)
    }

    @Test("hold then resume: the step, the position and remaining_s stand while the clock runs; the end moves by the hold")
    func holdThenResume() throws {
        var c = try Self.controller(in: .holding)
        let held = c.status(at: Self.s(10))
        #expect(held.phase == .holding)
        for t in [20.0, 45, 300] {
            let status = c.status(at: Self.s(t))
            #expect(status.step?.title == "one")
            #expect(status.remainingSeconds == held.remainingSeconds)
        }
        #expect(c.status(at: Self.s(300)).elapsedSeconds == 300)
        let actions = try c.handle(.resume, at: Self.s(300))
        #expect(actions == [.engine(.release), .dimming(.resume), .statusChanged])
        // 20 s of step one were left when the hold began.
        #expect(c.status(at: Self.s(319)).step?.title == "one")
        #expect(c.status(at: Self.s(321)).step?.title == "two")
        let ended = try c.handle(.engineFinished, at: Self.s(300 + 170))
        #expect(ended.contains(.record(.init(outcome: .completed, reason: nil, playedSeconds: 470, trigger: .request))))
    }

    @Test("hold then skip: the hold ends and the next step begins at once")
    func holdThenSkip() throws {
        var c = try Self.controller(in: .holding)
        let actions = try c.handle(.skip, at: Self.s(200))
        #expect(actions.prefix(3) == [.engine(.release), .dimming(.resume), .engine(.jump(toFrame: 30_000))])
        #expect(actions.contains(.stepBegan(Self.plan.steps[1])))
        #expect(c.phase == .running)
        #expect(c.status(at: Self.s(201)).step?.title == "two")
        #expect(c.status(at: Self.s(201)).remainingSeconds == 149)
    }

    @Test("a hold left for an hour lets the session move on by itself")
    func holdLimit() throws {
        var c = try Self.controller(in: .holding)
        #expect(try c.handle(.tick, at: Self.s(3000)).allSatisfy { $0 != .engine(.release) })
        let actions = try c.handle(.tick, at: Self.s(10 + 3600))
        #expect(actions.contains(.engine(.release)))
        #expect(c.phase == .running)
    }

    @Test("hold is refused in the tail and skip is refused while paused")
    func refusals() throws {
        var c = try Self.controller(in: .running)
        #expect(throws: SessionController.Refusal.self) { try c.handle(.hold, at: Self.s(130)) }
        #expect(c.phase == .running)
        _ = try c.handle(.pause, at: Self.s(131))
        #expect(throws: SessionController.Refusal("the session is paused; resume it first")) {
            try c.handle(.skip, at: Self.s(132))
        }
    }

    @Test("extend during the guided part and during the fade moves the end; the tail never passes 3 h")
    func extend() throws {
        var c = try Self.controller(in: .running)
        let actions = try c.handle(.extend(.seconds(600)), at: Self.s(50))
        #expect(actions.first == .engine(.extendTail(toFrame: 780_000)))
        #expect(c.status(at: Self.s(50)).remainingSeconds == 130 + 600)
        // In the fade.
        _ = try c.handle(.extend(.seconds(60)), at: Self.s(400))
        #expect(c.status(at: Self.s(400)).remainingSeconds == 840 - 400)
        // 60 s + 600 s + 60 s of tail so far: more than 2h48m would pass 3 h.
        let error = #expect(throws: SessionController.Refusal.self) { try c.handle(.extend(.seconds(10_081)), at: Self.s(400)) }
        #expect(error?.description.contains("at most 3h in all") == true)
        #expect(error?.description.contains("at most 2h48m more") == true)
        #expect(c.status(at: Self.s(400)).remainingSeconds == 440)
        _ = try c.handle(.extend(.seconds(10_080)), at: Self.s(400))
        #expect(c.status(at: Self.s(400)).remainingSeconds == 440 + 10_080)
    }

    @Test("stop while starting is carried out as soon as the session plays")
    func stopWhileStarting() throws {
        var c = try Self.controller(in: .starting)
        #expect(try c.handle(.stop, at: Self.s(1)).isEmpty)
        let actions = try c.handle(.launched(Self.plan), at: Self.s(2))
        #expect(actions.contains(.engine(.stop(fade: .seconds(3)))))
        #expect(c.phase == .stopping)
    }

    @Test("reload during a session sets the new volume under the new ceiling; the next session starts at it")
    func reloadDuringASession() throws {
        var c = try Self.controller(in: .running)
        _ = try c.handle(.volume(.set(70)), at: Self.s(5))
        #expect(try c.handle(.reload(volume: 60, maximumVolume: 40), at: Self.s(6)) == [.engine(.volume(percent: 40))])
        #expect(c.status(at: Self.s(6)).volume == 40)
        #expect(try c.handle(.volume(.relative(30)), at: Self.s(7)) == [.engine(.volume(percent: 40)), .statusChanged])
        _ = try c.handle(.engineFinished, at: Self.s(8))
        _ = try c.handle(.start(.schedule), at: Self.s(9))
        #expect(c.volume == 40)
    }

    @Test("a device lost during a hold keeps the hold, and the session's time")
    func deviceLostDuringHold() throws {
        var c = try Self.controller(in: .holding)
        #expect(try c.handle(.deviceLost, at: Self.s(20)).isEmpty)
        #expect(c.phase == .holding)
        #expect(!c.isDeviceAvailable)
        _ = try c.handle(.deviceBack, at: Self.s(30))
        #expect(c.status(at: Self.s(40)).remainingSeconds == 170)
    }

    @Test("while it plays the session is looked at twice a second and its status refreshed every ten; paused, only the limit wakes it")
    func deadlines() throws {
        var c = try Self.controller(in: .running)
        #expect(c.nextDeadline == Self.s(0.5))
        let first = try c.handle(.tick, at: Self.s(0.5))
        #expect(first == [.stagePrompts])
        #expect(c.nextDeadline == Self.s(1))
        var steps: [String] = []
        var t = 1.0
        while t <= 31 {
            for action in try c.handle(.tick, at: Self.s(t)) { if case .stepBegan(let step) = action { steps.append(step.title) } }
            t += 0.5
        }
        #expect(steps == ["two"])
        _ = try c.handle(.pause, at: Self.s(31))
        #expect(c.nextDeadline == Self.s(31 + 3600))
    }

    @Test("a failed launch is recorded as failed and leaves the controller idle")
    func launchFailed() throws {
        var c = try Self.controller(in: .starting)
        let actions = try c.handle(.launchFailed(reason: "no routine"), at: Self.s(1))
        #expect(actions.first == .record(.init(outcome: .failed, reason: "no routine", playedSeconds: 0, trigger: .request)))
        #expect(c.phase == .idle)
    }

    @Test("hold and skip act where the engine is, when it runs ahead of the clock across a step's end")
    func engineAhead() throws {
        var c = try Self.controller(in: .running)
        // The clock says 29.6 s (step one); the engine, a second ahead, already plays step two.
        _ = try c.handle(.hold, at: Self.s(29.6), engineFrame: 30_600)
        #expect(c.status(at: Self.s(40)).step?.title == "two")
        _ = try c.handle(.resume, at: Self.s(40))
        let skipped = try c.handle(.skip, at: Self.s(40.2), engineFrame: 31_000)
        #expect(skipped.contains(.engine(.jump(toFrame: 60_000))))
        #expect(c.status(at: Self.s(40.2)).step?.title == "three")
    }
}
