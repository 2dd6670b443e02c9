import Testing
import WinddownCore

@Suite("Dimming: the schedule on a clock")
struct DimmingScheduleTests {
    /// 60 → 0 over 300 s, a call every 60 s, linear: calls at 0, 60, … 300.
    static func schedule(interval: Duration = .seconds(60), offset: Duration = .zero) -> DimmingSchedule {
        var dimming = DimmingPlanTests.dimming(from: 60, to: 0, duration: .seconds(300), interval: interval, offset: offset)
        dimming.curve = .linear
        return DimmingSchedule(plan: DimmingPlanTests.plan(dimming))
    }

    static func s(_ seconds: Double) -> Duration { .milliseconds(Int64(seconds * 1000)) }

    @Test("calls fall due at their time, one by one, and the next deadline is the next call")
    func onTime() {
        var schedule = Self.schedule()
        #expect(schedule.nextDeadline == .zero)
        #expect(schedule.takeDue(at: .zero)?.description == "start 60 60")
        #expect(schedule.takeDue(at: Self.s(59.9)) == nil)
        #expect(schedule.nextDeadline == .seconds(60))
        #expect(schedule.takeDue(at: .seconds(60))?.description == "step 48 60")
        #expect(schedule.takeDue(at: .seconds(300))?.description == "end 0 0", "the steps in between are replaced by the newest")
        #expect(schedule.isOver && schedule.nextDeadline == nil)
        #expect(schedule.abort(at: .seconds(400)) == nil, "no abort once the end was sent")
    }

    @Test("pause holds the plan: nothing falls due while paused, and every later call moves by the time paused")
    func pauseHolds() {
        var schedule = Self.schedule()
        _ = schedule.takeDue(at: .zero)
        schedule.pause(at: .seconds(30))
        #expect(schedule.nextDeadline == nil)
        #expect(schedule.takeDue(at: .seconds(200)) == nil)
        #expect(schedule.levelReached(at: .seconds(200)) == 60)
        schedule.resume(at: .seconds(230))
        #expect(schedule.nextDeadline == .seconds(260))
        #expect(schedule.takeDue(at: .seconds(259)) == nil)
        #expect(schedule.takeDue(at: .seconds(260))?.description == "step 48 60")
        #expect(schedule.sessionTime(at: .seconds(290)) == .seconds(90))
    }

    @Test("abort carries the level reached, once; nothing before the first call")
    func abort() {
        var early = Self.schedule(offset: .seconds(100))
        #expect(early.abort(at: .seconds(50)) == nil)
        #expect(early.isOver && early.takeDue(at: .seconds(500)) == nil)

        var schedule = Self.schedule()
        _ = schedule.takeDue(at: .zero)
        _ = schedule.takeDue(at: .seconds(60))
        schedule.pause(at: .seconds(90))
        let abort = schedule.abort(at: .seconds(500))
        #expect(abort?.phase == .abort && abort?.level == 54 && abort?.transition == .zero, "\(String(describing: abort))")
        #expect(schedule.abort(at: .seconds(501)) == nil && schedule.sessionEnded(at: .seconds(502)) == nil)
        #expect(schedule.takeDue(at: .seconds(900)) == nil)
    }

    @Test("a session that ends before the plan (a skip made it shorter) ends it with `end` at `to`, transition 0")
    func sessionEndsFirst() {
        var schedule = Self.schedule()
        _ = schedule.takeDue(at: .zero)
        #expect(schedule.sessionEnded(at: .seconds(100))?.description == "end 0 0")
        #expect(schedule.takeDue(at: .seconds(300)) == nil)

        var done = Self.schedule()
        _ = done.takeDue(at: .seconds(300))
        #expect(done.sessionEnded(at: .seconds(310)) == nil, "the plan's own end was already sent")
        var unstarted = Self.schedule(offset: .seconds(100))
        #expect(unstarted.sessionEnded(at: .seconds(50)) == nil, "no call before the dimming began")
    }

    @Test("a hand-off can be aborted while the light fades by itself")
    func handOffAbort() {
        var schedule = Self.schedule(interval: .zero)
        #expect(schedule.takeDue(at: .zero)?.description == "start 0 300")
        #expect(schedule.nextDeadline == nil)
        #expect(schedule.abort(at: .seconds(150))?.description == "abort 30 0")
    }
}
