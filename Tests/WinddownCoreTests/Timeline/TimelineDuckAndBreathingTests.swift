import Testing
import WinddownCore

@Suite("Timeline: duck windows and breathing spans")
struct TimelineDuckAndBreathingTests {
    typealias F = TimelineFixtures

    @Test("duck windows cover every spoken prompt with lead and release, merged", arguments: [5, 15, 60])
    func duckWindowsCoverPrompts(minutes: Int) throws {
        var settings = F.settings(guided: .seconds(minutes * 60))
        settings.promptDuration = TimelinePromptTests.varied
        let timeline = try F.make(F.footMassage, settings)
        let windows = timeline.duckWindows
        let lead = F.frames(0.5)
        let release = F.frames(1.2)
        for prompt in timeline.prompts {
            let covering = windows.filter { $0.start <= max(0, prompt.start - lead) && $0.end >= prompt.end + release }
            #expect(covering.count == 1, "\(prompt.text)")
        }
        // Merged: sorted, apart, and each edge is some prompt's lead or release edge.
        for (a, b) in zip(windows, windows.dropFirst()) { #expect(a.end < b.start) }
        for window in windows {
            #expect(timeline.prompts.contains { max(0, $0.start - lead) == window.start })
            #expect(timeline.prompts.contains { $0.end + release == window.end })
        }
    }

    @Test("close prompts share one window; apart they get one each")
    func merging() throws {
        let routine = F.routine([
            RoutineStep(id: "a", title: "A", text: "first", timing: .fixed(.seconds(3))),
            RoutineStep(id: "b", title: "B", text: "second", timing: .fixed(.seconds(20))),
            RoutineStep(id: "c", title: "C", text: "third", timing: .share(1), chime: true),
        ])
        let timeline = try F.make(routine, F.settings(guided: .seconds(60), clip: .seconds(4)))
        // first 0–4 s; second asks for 3 s, waits until 4.8 s, ends 8.8 s; third 25–29 s.
        #expect(timeline.prompts.map(\.start) == [0, 4.8, 25].map { F.frames($0) })
        #expect(timeline.duckWindows == [
            DuckWindow(start: 0, end: F.frames(10)),  // from 0 (not before the session), to 8.8 + 1.2 s
            DuckWindow(start: F.frames(24.5), end: F.frames(30.2)),
        ])
    }

    @Test("breathing spans run from the end of the opening to the start of the end cue, per half")
    func breathingSpans() throws {
        let timeline = try F.make(F.footMassage, F.settings(clip: .seconds(5)))
        let paced = timeline.steps.filter { ["bubbling-spring", "tai-chong", "shen-men"].contains($0.id) }
        #expect(timeline.breathingSpans.map(\.step) == paced.map(\.index))
        for (span, step) in zip(timeline.breathingSpans, paced) {
            let chimed = step.id == "bubbling-spring" && step.foot == .left
            #expect(span.start == step.start + F.frames(chimed ? 2 + 5 : 5))
            #expect(span.end == step.end - F.frames(2 + 5))
            #expect(span.pattern == BreathPattern(inhale: .seconds(4), exhale: .seconds(6)))
        }
    }

    @Test("a breath-paced step with no room left has no span, and pace comes from the routine")
    func breathingEdgeCases() throws {
        var routine = F.routine([
            RoutineStep(id: "hold", title: "Hold", text: "hold", timing: .fixed(.seconds(5)), breathPacing: true),
            RoutineStep(id: "rest", title: "Rest", text: "", timing: .fixed(.seconds(30)), breathPacing: true),
            RoutineStep(id: "closing", title: "Closing", text: "", timing: .share(1)),
        ])
        routine.breathing = BreathPattern(inhale: .seconds(3), exhale: .seconds(5))
        let timeline = try F.make(routine, F.settings(guided: .seconds(60), clip: .seconds(6)))
        // The 6 s prompt fills the 5 s step; the silent step breathes throughout.
        #expect(timeline.breathingSpans == [
            BreathingSpan(start: F.frames(5), end: F.frames(35), pattern: routine.breathing, step: 1),
        ])
    }
}
