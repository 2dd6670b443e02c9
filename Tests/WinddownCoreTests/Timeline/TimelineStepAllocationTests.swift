import Testing
import WinddownCore

@Suite("Timeline: step times")
struct TimelineStepAllocationTests {
    typealias F = TimelineFixtures

    /// Expected length in seconds of each foot-massage step (both halves of a
    /// per-foot step together), worked out by hand: 15 and 10 minutes fall
    /// inside every bound (42 and 27 s per share); at 5 minutes the last
    /// four share steps are lifted to their minimums; at 60 every share step
    /// sits at its max and the closing takes the remaining 26m45s.
    @Test("a realistic routine scales to 5, 10, 15 and 60 minutes", arguments: [
        (5, [10, 15, 10, 15, 30, 30, 20, 20, 30, 30, 60, 15, 15] as [Double]),
        (10, [27, 40.5, 27, 40.5, 81, 81, 54, 54, 40.5, 40.5, 60, 27, 27]),
        (15, [42, 63, 42, 63, 126, 126, 84, 84, 63, 63, 60, 42, 42]),
        (60, [45, 120, 60, 90, 360, 360, 240, 240, 120, 120, 60, 120, 1665]),
    ])
    func scales(minutes: Int, expectedSeconds: [Double]) throws {
        let timeline = try F.make(F.footMassage, F.settings(guided: .seconds(minutes * 60)))
        #expect(timeline.guidedEnd == F.frames(Double(minutes * 60)))
        #expect(timeline.routineStepLengths == expectedSeconds.map(F.frames))
    }

    /// Session lengths in seconds, with sample rates that do not divide evenly.
    static let lengthsAndRates: [(seconds: Int64, sampleRate: Int)] = [
        (5 * 60, 48_000), (7 * 60 + 13, 44_100), (10 * 60, 48_000), (23 * 60, 44_100), (41 * 60 + 7, 96_000),
        (60 * 60, 22_050),
    ]

    /// Small routines worked out by hand: (guided s, [(share, min, max)], lengths s).
    static let waterFillingCases: [(guided: Int64, steps: [(Double, Int64?, Int64?)], seconds: [Double])] = [
        // λ = 20 s/share: a is lifted to 40 and b cut to 60, but b's cut dominates,
        // so only b is held; then a and c share 90 s evenly and a no longer needs lifting.
        (120, [(1, 40, nil), (4, nil, 30), (1, nil, nil)], [45, 30, 45]),
        // b is lifted to its min; a and c share the rest 1:2.
        (90, [(1, nil, nil), (1, 30, nil), (2, nil, nil)], [20, 30, 40]),
        // Two maxes at once; the unbounded closing takes the rest.
        (100, [(1, nil, 10), (1, nil, 20), (1, nil, nil)], [10, 20, 70]),
        // Lifting a frees less for b, which then fits under its max.
        (100, [(1, 45, nil), (3, nil, 60), (1, nil, nil)], [45, 41.25, 13.75]),
    ]

    @Test("min and max are honoured by water-filling", arguments: waterFillingCases)
    func waterFilling(guided: Int64, steps: [(Double, Int64?, Int64?)], seconds: [Double]) throws {
        let routine = F.routine(steps.enumerated().map { index, step in
            F.step("s\(index)", share: step.0, min: step.1, max: step.2)
        })
        let timeline = try F.make(routine, F.settings(guided: .seconds(guided)))
        #expect(timeline.routineStepLengths == seconds.map(F.frames))
    }

    @Test("steps tile the guided part and honour min, max and shares", arguments: lengthsAndRates)
    func invariants(seconds: Int64, sampleRate: Int) throws {
        let guided = Duration.seconds(seconds)
        var settings = F.settings(guided: guided)
        settings.sampleRate = sampleRate
        let timeline = try F.make(F.footMassage, settings)
        let guidedEnd = guided.frames(atSampleRate: sampleRate)

        // Tiling: no gaps, no overlaps, exactly [0, guidedEnd).
        #expect(timeline.steps.first?.start == 0)
        #expect(timeline.steps.last?.end == guidedEnd)
        for (a, b) in zip(timeline.steps, timeline.steps.dropFirst()) { #expect(a.end == b.start) }

        // Bounds, and one frames-per-share rate λ for every step inside its bounds:
        // a step held at its min would have got less (share·λ ≤ min), one held at its max more.
        let lengths = timeline.routineStepLengths
        let last = F.footMassage.steps.count - 1
        var free: [(share: Double, frames: Int64)] = []
        var atMinimum: [(share: Double, frames: Int64)] = []
        var atMaximum: [(share: Double, frames: Int64)] = []
        for (index, step) in F.footMassage.steps.enumerated() where index != last {
            guard case .share(let share) = step.timing else {
                #expect(lengths[index] == F.frames(60) * Int64(sampleRate) / 48_000)
                continue
            }
            let minimum = step.minimum!.frames(atSampleRate: sampleRate)
            let maximum = step.maximum!.frames(atSampleRate: sampleRate)
            #expect(lengths[index] >= minimum && lengths[index] <= maximum, "\(step.id)")
            if lengths[index] == minimum { atMinimum.append((share, minimum)) }
            else if lengths[index] == maximum { atMaximum.append((share, maximum)) }
            else { free.append((share, lengths[index])) }
        }
        #expect(lengths[last] >= F.footMassage.steps[last].minimum!.frames(atSampleRate: sampleRate))
        // Flooring to whole frames moves each length by under a frame, hence the 2-frame slack.
        #expect(!free.isEmpty || atMinimum.isEmpty)
        if !free.isEmpty {
            let rate = Double(free.map(\.frames).reduce(0, +)) / free.map(\.share).reduce(0, +)
            for step in free { #expect(abs(Double(step.frames) - step.share * rate) <= 2) }
            for step in atMinimum { #expect(step.share * rate <= Double(step.frames) + 2) }
            for step in atMaximum { #expect(step.share * rate >= Double(step.frames) - 2) }
        }
    }

    @Test("a routine too long for the session is an error that says so", arguments: [
        (Duration.seconds(4 * 60), "routine foot-massage needs at least 4m48s; session.duration is 4m"),
        (.seconds(4 * 60 + 47), "routine foot-massage needs at least 4m48s; session.duration is 4m47s"),
    ])
    func tooShort(guided: Duration, message: String) {
        #expect(throws: TimelineError(code: .routineTooLong, routine: "foot-massage", message: message)) {
            try F.make(F.footMassage, F.settings(guided: guided))
        }
    }

    @Test("the minimum in the message counts fixed steps and is rounded up to whole seconds")
    func tooShortCountsFixedSteps() throws {
        let routine = F.routine(
            [
                RoutineStep(id: "intro", title: "Intro", text: "Hi.", timing: .fixed(.seconds(90))),
                F.step("feet", share: 1, min: 7 * 60, perFoot: true),
                RoutineStep(id: "end", title: "End", text: "Bye.", timing: .share(1), minimum: .milliseconds(59_500)),
            ], name: "foot-massage")
        let error = try #require(throws: TimelineError.self) {
            try F.make(routine, F.settings(guided: .seconds(5 * 60)))
        }
        #expect(error.message == "routine foot-massage needs at least 9m30s; session.duration is 5m")
        #expect(error.code == .routineTooLong)
        // Exactly the minimum fits, every share step at its min.
        let timeline = try F.make(routine, F.settings(guided: .milliseconds(569_500)))
        #expect(timeline.routineStepLengths == [F.frames(90), F.frames(420), F.frames(59.5)])
    }

    @Test("when every share step is at its max the closing step takes the rest")
    func leftoverGoesToTheLastStep() throws {
        let routine = F.routine([
            F.step("a", share: 1, max: 60),
            RoutineStep(id: "b", title: "B", text: "B.", timing: .fixed(.seconds(30))),
            F.step("closing", share: 1, max: 30, perFoot: true),
        ])
        let timeline = try F.make(routine, F.settings(guided: .seconds(10 * 60)))
        #expect(timeline.routineStepLengths == [F.frames(60), F.frames(30), F.frames(510)])
        #expect(timeline.steps.map(\.length).suffix(2) == [F.frames(255), F.frames(255)])
    }

    @Test("fixed steps keep their length whatever the duration", arguments: [5, 20, 60])
    func fixedSteps(minutes: Int) throws {
        let routine = F.routine([
            RoutineStep(id: "fixed", title: "Fixed", text: "F.", timing: .fixed(.seconds(75))),
            F.step("one", share: 1),
            RoutineStep(id: "pair", title: "Pair", text: "P.", timing: .fixed(.seconds(61)), perFoot: true),
            F.step("two", share: 3),
        ])
        let timeline = try F.make(routine, F.settings(guided: .seconds(minutes * 60)))
        let rest = F.frames(Double(minutes * 60 - 75 - 61))
        #expect(timeline.routineStepLengths == [F.frames(75), rest / 4, F.frames(61), rest - rest / 4])
        // The fixed per-foot step is split in two equal halves.
        #expect(timeline.steps[2].length == F.frames(30.5) && timeline.steps[3].length == F.frames(30.5))
    }

    @Test("lengths are whole frames; the last step takes the rounding remainder")
    func roundingRemainder() throws {
        let routine = F.routine([F.step("a", share: 1), F.step("b", share: 1), F.step("c", share: 1)])
        var settings = F.settings(guided: .seconds(1))
        settings.sampleRate = 10
        let timeline = try F.make(routine, settings)
        #expect(timeline.steps.map(\.length) == [3, 3, 4])
    }

    @Test("per-foot steps become a left and a right half showing the same position")
    func perFootHalves() throws {
        let timeline = try F.make(F.footMassage, F.settings())
        #expect(timeline.steps.count == 13 + 7)
        let toes = timeline.steps.filter { $0.id == "toes" }
        #expect(toes.map(\.foot) == [.left, .right])
        #expect(toes.map(\.routineStepIndex) == [5, 5])
        #expect(toes.map(\.position) == [6, 6])
        #expect(toes.allSatisfy { $0.count == 13 && $0.title == "Toes" })
        #expect(toes[0].end == toes[1].start && toes[0].length == toes[1].length)
        #expect(timeline.steps.map(\.index) == Array(0..<20))
        #expect(timeline.steps.first { $0.id == "closing" }.map { ($0.position, $0.foot) }! == (13, nil))
    }

    static let invalidRoutineCases: [(routine: Routine, message: String)] = [
        (F.routine([F.step("a", share: 0)], name: "zero"), "routine zero, step a: the share must be above 0, not 0.0"),
        (F.routine([F.step("a", share: -1)], name: "negative"), "routine negative, step a: the share must be above 0, not -1.0"),
        (F.routine([F.step("a", share: 1, min: 60, max: 30)], name: "bounds"),
         "routine bounds, step a: max (30s) is below min (1m)"),
    ]

    @Test("a routine that cannot be laid out is refused", arguments: invalidRoutineCases)
    func invalidRoutines(routine: Routine, message: String) {
        #expect(throws: TimelineError(code: .invalidRoutine, routine: routine.name, message: message)) {
            try F.make(routine, F.settings())
        }
    }

    @Test("settings the arithmetic cannot use are refused")
    func invalidSettings() {
        var settings = F.settings()
        settings.sampleRate = 0
        #expect(throws: TimelineError.self) { try F.make(F.footMassage, settings) }
        settings = F.settings(guided: .zero)
        #expect(throws: TimelineError(
            code: .invalidSettings, routine: "foot-massage", message: "session.duration must be longer than 0s")
        ) { try F.make(F.footMassage, settings) }
    }
}
