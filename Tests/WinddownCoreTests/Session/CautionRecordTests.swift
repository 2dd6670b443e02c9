import Testing
import WinddownCore

/// `session.caution = "first"` speaks the caution until a session has gone
/// past it: the controller's record says whether this one did.
@Suite("Session controller: was the caution heard")
struct CautionRecordTests {
    /// 1000 frames a second: the caution (0–45 s), a welcome (45–75 s), a 10 s tail.
    static let plan: SessionPlan = {
        let steps = [(SessionTimeline.cautionStepID, 0, 45), ("welcome", 45, 75)].enumerated().map { index, step in
            TimelineStep(
                index: index, routineStepIndex: index, id: step.0, title: step.0, foot: nil, position: index + 1, count: 2,
                start: Int64(step.1) * 1000, end: Int64(step.2) * 1000)
        }
        return SessionPlan(routine: "test", sampleRate: 1000, steps: steps, guidedEnd: 75_000, sessionEnd: 85_000)
    }()

    static func record(_ events: [(Double, SessionController.Event)]) throws -> SessionController.Record? {
        var controller = SessionController(volume: 30, maximumVolume: 80)
        var record: SessionController.Record?
        for (seconds, event) in [(0, .start(.request)), (0, .launched(plan))] + events {
            for action in try controller.handle(event, at: .milliseconds(Int64(seconds * 1000)), engineFrame: nil) {
                if case .record(let made) = action { record = made }
            }
        }
        return record
    }

    @Test("stopped during the caution: not heard; stopped after it, skipped past it or completed: heard")
    func heard() throws {
        let duringCaution = try Self.record([(20, .stop), (23.5, .engineFinished)])
        #expect(duringCaution?.cautionHeard == false && duringCaution?.outcome == .stopped)
        let afterIt = try Self.record([(50, .stop), (53.5, .engineFinished)])
        #expect(afterIt?.cautionHeard == true)
        let skipped = try Self.record([(5, .skip), (6, .stop), (9.5, .engineFinished)])
        #expect(skipped?.cautionHeard == true)
        let completed = try Self.record([(85, .engineFinished)])
        #expect(completed?.cautionHeard == true && completed?.outcome == .completed)
    }

    @Test("the history line keeps it, and reads it back; older lines without it read as not heard")
    func history() throws {
        let started = ControlTimestamp(epochSeconds: 0, utcOffset: 0)
        let entry = HistoryEntry(started: started, ended: started, routine: "quick", outcome: .stopped, cautionHeard: true)
        #expect(entry.toJSON()["caution"] == .bool(true))
        #expect(try HistoryEntry(json: .object(entry.toJSON())).cautionHeard)
        let old = HistoryEntry(started: started, ended: started, routine: "quick", outcome: .completed)
        #expect(old.toJSON()["caution"] == nil)
        #expect(try !HistoryEntry(json: .object(old.toJSON())).cautionHeard)
    }
}
