import Foundation
import Testing
import WinddownCore

/// `optional = N`, `light = N` and the caution: how a routine fits the
/// session it is given.
@Suite("Fitting a routine to its session: optional steps, the caution, light cues")
struct RoutineFitTests {
    static let header = "name = \"fit\"\ntitle = \"Fit\"\n"

    static func step(_ id: String, min: Int, optional: Int? = nil, light: Int? = nil, text: String? = nil) -> String {
        var lines = ["[[steps]]", "id = \"\(id)\"", "title = \"\(id)\"", "text = \"\(text ?? id + " text")\"", "share = 1", "min = \"\(min)s\""]
        if let optional { lines.append("optional = \(optional)") }
        if let light { lines.append("light = \(light)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func routine(_ steps: String...) throws -> Routine {
        try Routine.parse(header + steps.joined(), file: "fit.toml")
    }

    static func settings(_ guided: Duration, caution: String? = nil, clip: Duration = .seconds(4)) -> TimelineSettings {
        TimelineSettings(sampleRate: 1000, guided: guided, fadeOut: .zero, promptDuration: { _ in clip }, caution: caution)
    }

    @Test("steps drop out lowest number first, equal numbers together, until the rest fits; steps without it stay")
    func dropOrder() throws {
        let routine = try Self.routine(
            Self.step("welcome", min: 60), Self.step("water", min: 120, optional: 1), Self.step("toes", min: 60, optional: 2),
            Self.step("ball", min: 60, optional: 2), Self.step("reflex", min: 60, optional: 3), Self.step("close", min: 60))
        #expect(routine.abridged(toFit: .seconds(420)).leftOut == [])
        #expect(routine.abridged(toFit: .seconds(419)).leftOut == ["water"])
        #expect(routine.abridged(toFit: .seconds(299)).leftOut == ["water", "toes", "ball"])
        let shortest = routine.abridged(toFit: .seconds(120))
        #expect(shortest.leftOut == ["water", "toes", "ball", "reflex"])
        #expect(shortest.routine.steps.map(\.id) == ["welcome", "close"])

        let timeline = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(299)))
        #expect(timeline.leftOut == ["water", "toes", "ball"])
        #expect(timeline.steps.map(\.id) == ["welcome", "reflex", "close"])
        #expect(timeline.steps.last?.end == timeline.guidedEnd)
    }

    @Test("a routine that cannot fit even abridged says which steps it left out and what it needs")
    func cannotFit() throws {
        let routine = try Self.routine(
            Self.step("welcome", min: 200), Self.step("water", min: 120, optional: 1), Self.step("close", min: 200))
        #expect(
            routine.fitProblem(for: .seconds(300))
                == "routine fit needs at least 6m40s even without its optional steps (water); session.duration is 5m")
        #expect(throws: TimelineError.self) { try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(300))) }
        do {
            _ = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(300)))
        } catch {
            #expect(error.message == "routine fit needs at least 6m40s even without its optional steps (water); session.duration is 5m")
        }
        #expect(routine.fitProblem(for: .seconds(400)) == nil)
        #expect(routine.fitProblem(for: .seconds(400), reserving: .seconds(60))?.contains("1m of it for the spoken caution") == true)
    }

    @Test("optional and light: whole numbers in range, cues never brighter than the one before")
    func badValues() {
        let cases: [(String, String)] = [
            (Self.step("a", min: 1, optional: 0), "optional: must be a whole number from 1 to 1000"),
            (Self.step("a", min: 1).replacingOccurrences(of: "min", with: "optional = 1.5\nmin"), "optional: must be a whole number"),
            (Self.step("a", min: 1).replacingOccurrences(of: "min", with: "optional = \"first\"\nmin"), "found string \"first\""),
            (Self.step("a", min: 1, light: 101), "light: must be a whole number from 0 to 100"),
            (Self.step("a", min: 1, light: -1), "light: must be a whole number from 0 to 100"),
            (Self.step("a", min: 1, light: 30) + Self.step("b", min: 1, light: 40),
             "light: is 40, brighter than the cue before it (30 at step a)"),
        ]
        for (steps, expected) in cases {
            do {
                _ = try Routine.parse(Self.header + steps, file: "fit.toml")
                Issue.record("accepted: \(steps)")
            } catch {
                let text = error.problems.map(\.description).joined(separator: "\n")
                #expect(text.contains(expected), "\(text)")
                #expect(text.contains("fit.toml:"), "names the file and line: \(text)")
            }
        }
    }

    @Test("the caution opens the session as a step of its own, with role caution, and the routine fits around it")
    func caution() throws {
        let routine = try Self.routine(
            Self.step("welcome", min: 60), Self.step("water", min: 120, optional: 1), Self.step("close", min: 60))
        let caution = "Ask a doctor first. Stop if anything hurts."
        let with = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(300), caution: caution, clip: .seconds(40)))
        #expect(with.steps.first?.id == SessionTimeline.cautionStepID)
        // The chime's lead, the clip, a pause.
        #expect(with.steps.first?.end == 45_000)
        let first = try #require(with.prompts.first)
        #expect(first.role == .caution && first.text == caution && first.start == 2000)
        #expect(with.prompts.filter { $0.role == .caution }.count == 1)
        // 45 s of caution and 240 s of minimums do not fit 280 s: the optional step goes.
        let tight = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(280), caution: caution, clip: .seconds(40)))
        #expect(tight.leftOut == ["water"])
        let without = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(280)))
        #expect(without.leftOut == [] && without.steps.first?.id == "welcome")
        #expect(!without.prompts.contains { $0.role == .caution })
    }

    @Test("the caution policy: first only while the history is empty, always, off")
    func policy() throws {
        #expect(CautionPolicy.first.applies(cautionHeard: false))
        #expect(!CautionPolicy.first.applies(cautionHeard: true))
        #expect(CautionPolicy.always.applies(cautionHeard: true))
        #expect(!CautionPolicy.off.applies(cautionHeard: false))
        let parsed = try Configuration.parse("[session]\ncaution = \"always\"\n", file: "c.toml")
        #expect(parsed.session.caution == .always)
        #expect(throws: ConfigurationError.self) { try Configuration.parse("[session]\ncaution = \"sometimes\"\n", file: "c.toml") }
    }

    @Test("light cues land on the timeline where their steps begin")
    func lightCues() throws {
        let routine = try Self.routine(
            Self.step("welcome", min: 60), Self.step("oil", min: 60, light: 40), Self.step("points", min: 60, light: 20),
            Self.step("close", min: 60, light: 5))
        let timeline = try SessionTimeline.make(routine: routine, settings: Self.settings(.seconds(240)))
        #expect(timeline.lightCues.map(\.step) == ["oil", "points", "close"])
        #expect(timeline.lightCues.map(\.start) == [60_000, 120_000, 180_000])
        #expect(timeline.lightCues.map(\.level) == [40, 20, 5])
    }
}
