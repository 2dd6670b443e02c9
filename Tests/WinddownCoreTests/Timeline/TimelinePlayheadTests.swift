import Testing
import WinddownCore

@Suite("Timeline: playhead")
struct TimelinePlayheadTests {
    typealias F = TimelineFixtures

    /// Three plain steps of 30, 30 and 60 s, every prompt 4 s, a 60 s tail.
    static func simpleTimeline(fadeOut: Int64 = 60) throws -> SessionTimeline {
        let routine = F.routine([
            RoutineStep(id: "one", title: "One", text: "one", timing: .fixed(.seconds(30))),
            RoutineStep(id: "two", title: "Two", text: "two", timing: .fixed(.seconds(30)), chime: true),
            RoutineStep(id: "closing", title: "Closing", text: "closing", timing: .share(1)),
        ])
        return try F.make(routine, F.settings(guided: .seconds(120), fadeOut: .seconds(fadeOut), clip: .seconds(4)))
    }

    enum Operation: Sendable, CustomStringConvertible {
        case advance(Int64), pause, resume, skip
        var description: String {
            switch self {
            case .advance(let frames): "advance(\(frames))"
            case .pause: "pause"
            case .resume: "resume"
            case .skip: "skip"
            }
        }
    }

    /// Operations (frames in seconds ×1000 for readability) → final position in seconds.
    static let operationSequences: [(operations: [Operation], position: Double, paused: Bool)] = [
        ([.advance(10_000)], 10, false),
        ([.pause, .advance(10_000)], 0, true),                                // pause at frame 0
        ([.advance(5_000), .pause, .advance(50_000), .resume, .advance(1_000)], 6, false),
        ([.advance(5_000), .skip, .advance(2_000)], 32, false),
        ([.advance(5_000), .pause, .skip, .advance(2_000)], 30, true),        // skip keeps a pause
        ([.skip, .skip, .advance(1_000)], 61, false),
        ([.skip, .skip, .skip], 120, false),                                  // into the tail
        ([.advance(500_000)], 180, false),                                    // stops at the end
        ([.pause, .resume, .pause, .resume, .advance(3_000)], 3, false),
    ]

    @Test("pause, resume, skip and advance add up", arguments: operationSequences)
    func operationSequence(operations: [Operation], position: Double, paused: Bool) throws {
        var playhead = TimelinePlayhead(timeline: try Self.simpleTimeline())
        for operation in operations {
            switch operation {
            case .advance(let milliseconds): playhead.advance(by: F.frames(Double(milliseconds) / 1000))
            case .pause: _ = try playhead.pause()
            case .resume: _ = try playhead.resume()
            case .skip: _ = try playhead.skip()
            }
        }
        #expect(playhead.position == F.frames(position))
        #expect(playhead.elapsedFrames == F.frames(position))
        #expect(playhead.remainingFrames == F.frames(180 - position))
        #expect(playhead.state == (paused ? .paused : .running))
    }

    @Test("pause and resume return fades at the position and refuse the wrong state")
    func pauseAndResume() throws {
        var playhead = TimelinePlayhead(timeline: try Self.simpleTimeline())
        #expect(throws: PlayheadError(code: .notPaused, message: "the session is not paused")) {
            try playhead.resume()
        }
        #expect(try playhead.pause() == .fadeOut(at: 0))
        let before = playhead
        #expect(throws: PlayheadError(code: .alreadyPaused, message: "the session is already paused")) {
            try playhead.pause()
        }
        #expect(playhead == before)
        #expect(playhead.advance(by: 1_000).isEmpty)
        #expect(try playhead.resume() == .fadeIn(at: 0))
        #expect(playhead.advance(by: 1_000) == 0..<1_000)
    }

    @Test("skip jumps to the next step's start and drops the prompt being spoken")
    func skipDuringPrompt() throws {
        let timeline = try Self.simpleTimeline()
        var playhead = TimelinePlayhead(timeline: timeline)
        playhead.advance(by: F.frames(2))  // mid "one" (0–4 s), inside its duck window
        let action = try playhead.skip()
        let spoken = try #require(timeline.prompts.first)
        let duck = try #require(timeline.duckWindows.first)
        #expect(action == .jump(from: F.frames(2), to: F.frames(30), droppedEvents: [.duck(duck), .prompt(spoken)]))
        #expect(playhead.currentStep?.id == "two")
        #expect(playhead.currentStep.map { ($0.position, $0.count) }! == (2, 3))
        // What follows is handed out from the new position: the chime, then the prompt after its lead.
        let next = playhead.events(in: playhead.position..<playhead.position + F.frames(3))
        #expect(next.map(TimelinePromptTests.kind) == ["chime", "duck", "prompt"])
        #expect(playhead.nextEventFrame == F.frames(30))
    }

    @Test("skipping a step whose long prompt pushed the rest brings them back to their own times")
    func skipUnpushes() throws {
        let routine = F.routine([
            RoutineStep(id: "long", title: "Long", text: "long", timing: .fixed(.seconds(30))),
            RoutineStep(id: "next", title: "Next", text: "next", timing: .fixed(.seconds(30)), endText: "next end"),
            RoutineStep(id: "closing", title: "Closing", text: "closing", timing: .share(1)),
        ])
        let timeline = try F.make(
            routine, F.settings(guided: .seconds(120), clip: .seconds(3), clips: ["long": .seconds(120)]))
        #expect(timeline.prompts.map(\.start) == [0, 120.8, 124.6].map { F.frames($0) })
        var playhead = TimelinePlayhead(timeline: timeline)
        playhead.advance(by: F.frames(10))
        _ = try playhead.skip()
        // "long" is gone; "next" speaks at its step's start and now has room for its end cue.
        #expect(playhead.timeline.prompts.map(\.text) == ["next", "next end", "closing"])
        #expect(playhead.timeline.prompts.map(\.start) == [30, 55, 60].map { F.frames($0) })
        #expect(playhead.timeline.steps == timeline.steps)
        #expect(playhead.timeline.duckWindows.first?.start == F.frames(30))  // not before the jump
    }

    @Test("skip from the last step goes into the tail; in the tail it is refused")
    func skipIntoTheTail() throws {
        var playhead = TimelinePlayhead(timeline: try Self.simpleTimeline())
        playhead.advance(by: F.frames(70))
        #expect(playhead.currentStep?.id == "closing")
        #expect(!playhead.isInTail)
        let action = try playhead.skip()
        guard case .jump(let from, let to, _) = action else { Issue.record("expected a jump"); return }
        #expect((from, to) == (F.frames(70), F.frames(120)))
        #expect(playhead.isInTail && playhead.currentStep == nil)
        #expect(playhead.timeline.prompts.isEmpty)
        #expect(playhead.remainingFrames == F.frames(60))
        let before = playhead
        #expect(throws: PlayheadError.self) { try playhead.skip() }
        #expect(playhead == before)
        #expect((try? playhead.skip()) == nil)
        do {
            _ = try playhead.skip()
        } catch {
            #expect(error.code == .inTail)
        }
    }

    @Test("at the end every operation is refused and the playhead stays put")
    func finished() throws {
        var playhead = TimelinePlayhead(timeline: try Self.simpleTimeline(fadeOut: 0))
        _ = try playhead.skip()
        _ = try playhead.skip()
        _ = try playhead.skip()  // no tail: straight to the end
        #expect(playhead.isFinished && playhead.remainingFrames == 0)
        let over = PlayheadError(code: .sessionOver, message: "the session has ended")
        var copy = playhead
        #expect(throws: over) { try copy.pause() }
        #expect(throws: over) { try copy.resume() }
        #expect(throws: over) { try copy.skip() }
        #expect(copy == playhead)
        #expect(playhead.advance(by: 10).isEmpty)
    }

    @Test("a driver reading events block by block sees each event once, in order", arguments: [64, 4_096, 48_000])
    func driverWalk(block: Int64) throws {
        let timeline = try F.make(F.footMassage, F.settings(guided: .seconds(300), fadeOut: .seconds(30)))
        var playhead = TimelinePlayhead(timeline: timeline)
        var seen: [TimelineEvent] = []
        while !playhead.isFinished {
            // Jump straight to the next event, as a driver rendering up to it would.
            let step = min(block, max(1, (playhead.nextEventFrame ?? playhead.position + block) - playhead.position))
            seen += playhead.events(in: playhead.position..<playhead.position + step)
            playhead.advance(by: step)
        }
        #expect(seen == timeline.events)
        #expect(playhead.position == timeline.sessionEnd)
    }

    @Test("the current step follows the position, foot by foot")
    func currentStep() throws {
        let timeline = try F.make(F.footMassage, F.settings())
        var playhead = TimelinePlayhead(timeline: timeline)
        for step in timeline.steps {
            #expect(playhead.currentStep == step)
            playhead.advance(by: step.length - 1)
            #expect(playhead.currentStep == step)
            playhead.advance(by: 1)
        }
        #expect(playhead.isInTail && playhead.currentStep == nil)
    }
}
