import Testing
import WinddownCore

/// The scheduler's decisions on a hand-laid calendar of starts: on time,
/// late within and beyond the grace, snoozed, switched off and on, after a
/// restart, and with the clock set back.
@Suite("the schedule planner")
struct SchedulePlannerTests {
    /// A start every day at `secondOfDay` UTC (the zone arithmetic has tests of its own).
    struct Daily: PlannedStarts {
        var secondOfDay: Int64 = 22 * 3600 + 30 * 60

        func nextStartInstant(after t: Int64) -> Int64? {
            let today = t.floorDividedByDay * 86_400 + secondOfDay
            return today > t ? today : today + 86_400
        }

        func latestStartInstant(atOrBefore t: Int64) -> Int64? {
            let today = t.floorDividedByDay * 86_400 + secondOfDay
            return today <= t ? today : today - 86_400
        }
    }

    /// Tuesday 2026-11-24, 22:30 UTC.
    static let tuesday: Int64 = 1_795_559_400
    static let day: Int64 = 86_400
    let planner = SchedulePlanner(starts: Daily(), graceSeconds: 30 * 60)
    /// A daemon that last handled Monday's start.
    let handledMonday = ScheduleState(lastHandled: tuesday - day)

    @Test("the calendar used here puts Tuesday's start where these tests expect it")
    func calendar() {
        #expect(Daily().nextStartInstant(after: Self.tuesday - 1) == Self.tuesday)
        #expect(Daily().latestStartInstant(atOrBefore: Self.tuesday) == Self.tuesday)
    }

    @Test("before the start: nothing to do, wake at the start")
    func waiting() {
        let decision = planner.decide(now: Self.tuesday - 3600, state: handledMonday, enabled: true)
        #expect(decision.startNow == nil && decision.skipped == nil)
        #expect(decision.nextRun == Self.tuesday && decision.wakeAt == Self.tuesday)
        #expect(decision.state == handledMonday)
    }

    @Test("at the start: run it once, remember it, next is tomorrow")
    func onTime() {
        let decision = planner.decide(now: Self.tuesday, state: handledMonday, enabled: true)
        #expect(decision.startNow == Self.tuesday)
        #expect(decision.state.lastHandled == Self.tuesday)
        #expect(decision.nextRun == Self.tuesday + Self.day)
        // Asking again (a restart a minute later, a second wake) does not run it again.
        let again = planner.decide(now: Self.tuesday + 60, state: decision.state, enabled: true)
        #expect(again.startNow == nil && again.skipped == nil)
    }

    @Test("missed by up to the grace (a restart, a resume): runs at once")
    func withinGrace() {
        let decision = planner.decide(now: Self.tuesday + 30 * 60, state: handledMonday, enabled: true)
        #expect(decision.startNow == Self.tuesday)
    }

    @Test("missed by more than the grace: skipped and said why, next is tomorrow")
    func beyondGrace() {
        let decision = planner.decide(now: Self.tuesday + 30 * 60 + 1, state: handledMonday, enabled: true)
        #expect(decision.startNow == nil)
        #expect(decision.skipped == .init(start: Self.tuesday, reason: .late(bySeconds: 30 * 60 + 1)))
        #expect(decision.state.lastHandled == Self.tuesday)
        #expect(decision.nextRun == Self.tuesday + Self.day)
    }

    @Test("machine off for days: only the latest missed start is considered")
    func daysAway() {
        let decision = planner.decide(now: Self.tuesday + 3 * Self.day + 600, state: handledMonday, enabled: true)
        #expect(decision.startNow == Self.tuesday + 3 * Self.day)
    }

    @Test("a grace of zero still runs a start its timer noticed a moment late")
    func zeroGrace() {
        let strict = SchedulePlanner(starts: Daily(), graceSeconds: 0)
        #expect(strict.decide(now: Self.tuesday + 1, state: handledMonday, enabled: true).startNow == Self.tuesday)
        #expect(strict.decide(now: Self.tuesday + 120, state: handledMonday, enabled: true).startNow == nil)
    }

    @Test("the very first run does not catch up a start from before it was installed")
    func firstRun() {
        let decision = planner.decide(now: Self.tuesday + 60, state: ScheduleState(), enabled: true)
        #expect(decision.startNow == nil && decision.skipped == nil)
        #expect(decision.state.lastHandled == Self.tuesday)
        #expect(decision.nextRun == Self.tuesday + Self.day)
    }

    @Test("snooze skips the next run only, and is forgotten once passed")
    func snooze() throws {
        let snoozed = try #require(planner.snoozing(now: Self.tuesday - 3600, state: handledMonday, enabled: true))
        #expect(snoozed.snoozedThrough == Self.tuesday)
        let before = planner.decide(now: Self.tuesday - 3600, state: snoozed, enabled: true)
        #expect(before.nextRun == Self.tuesday + Self.day)
        // No wake-up for the snoozed night: the timer goes straight to the next one.
        #expect(before.wakeAt == Self.tuesday + Self.day)

        // The snoozed night passes without a session; the next one runs.
        let after = planner.decide(now: Self.tuesday + 60, state: snoozed, enabled: true)
        #expect(after.startNow == nil)
        #expect(after.skipped == .init(start: Self.tuesday, reason: .snoozed))
        #expect(after.state.snoozedThrough == nil)
        let wednesday = planner.decide(now: Self.tuesday + Self.day, state: after.state, enabled: true)
        #expect(wednesday.startNow == Self.tuesday + Self.day)
    }

    @Test("a second snooze skips the run after that too")
    func snoozeTwice() throws {
        let once = try #require(planner.snoozing(now: Self.tuesday - 3600, state: handledMonday, enabled: true))
        let twice = try #require(planner.snoozing(now: Self.tuesday - 3600, state: once, enabled: true))
        #expect(planner.decide(now: Self.tuesday - 3600, state: twice, enabled: true).nextRun == Self.tuesday + 2 * Self.day)
    }

    @Test("snooze with the schedule off, or nothing planned, is refused")
    func snoozeNothing() {
        #expect(planner.snoozing(now: Self.tuesday, state: handledMonday, enabled: false) == nil)
        struct Never: PlannedStarts {
            func nextStartInstant(after: Int64) -> Int64? { nil }
            func latestStartInstant(atOrBefore: Int64) -> Int64? { nil }
        }
        let idle = SchedulePlanner(starts: Never(), graceSeconds: 60)
        #expect(idle.snoozing(now: Self.tuesday, state: handledMonday, enabled: true) == nil)
        #expect(idle.decide(now: Self.tuesday, state: handledMonday, enabled: true).nextRun == nil)
    }

    @Test("switched off: nothing runs, nothing is armed, passed starts stay behind")
    func off() {
        let off = planner.decide(now: Self.tuesday + 60, state: handledMonday, enabled: false)
        #expect(off.startNow == nil && off.nextRun == nil && off.wakeAt == nil)
        #expect(off.state.lastHandled == Self.tuesday)
        // Turned on again ten minutes after the start: tonight's is not caught up.
        let on = planner.decide(now: Self.tuesday + 600, state: off.state, enabled: true)
        #expect(on.startNow == nil)
        #expect(on.nextRun == Self.tuesday + Self.day)
    }

    @Test("the wall clock set back after a start: that night does not run twice")
    func clockSetBack() {
        let ran = planner.decide(now: Self.tuesday, state: handledMonday, enabled: true)
        let back = planner.decide(now: Self.tuesday - 2 * 3600, state: ran.state, enabled: true)
        #expect(back.startNow == nil)
        #expect(back.nextRun == Self.tuesday + Self.day)
    }

    @Test("a remembered start far in the future (a clock once wrong) does not stall the schedule")
    func futureState() {
        let wrong = ScheduleState(lastHandled: Self.tuesday + 400 * Self.day, snoozedThrough: Self.tuesday + 500 * Self.day)
        let decision = planner.decide(now: Self.tuesday - 3600, state: wrong, enabled: true)
        #expect(decision.discardedFutureState)
        #expect(decision.nextRun == Self.tuesday)
        #expect(decision.state.snoozedThrough == nil)
        // Within the tolerance (the clock set back by a day) it is believed: that night never runs twice.
        let setBack = planner.decide(now: Self.tuesday - Self.day, state: ScheduleState(lastHandled: Self.tuesday), enabled: true)
        #expect(!setBack.discardedFutureState)
        #expect(setBack.nextRun == Self.tuesday + Self.day)
    }

    @Test("adopting a changed plan never starts a session at once")
    func adoptingPlan() {
        // 22:30 changed to 22:00 at 22:10: the new 22:00 start is past and counts as handled.
        let earlier = SchedulePlanner(starts: Daily(secondOfDay: 22 * 3600), graceSeconds: 30 * 60)
        let now = Self.tuesday - 20 * 60
        let adopted = earlier.adopting(now: now, state: handledMonday)
        #expect(adopted.lastHandled == Self.tuesday - 30 * 60)
        #expect(earlier.decide(now: now, state: adopted, enabled: true).startNow == nil)
        #expect(earlier.decide(now: now, state: handledMonday, enabled: true).startNow != nil, "without adopting it would start")
        // Moved later (23:00 at 22:10): tonight's start is still ahead and runs.
        let later = SchedulePlanner(starts: Daily(secondOfDay: 23 * 3600), graceSeconds: 30 * 60)
        let kept = later.adopting(now: now, state: handledMonday)
        #expect(later.decide(now: now, state: kept, enabled: true).nextRun == Self.tuesday + 30 * 60)
    }

    @Test("the switch: schedule on/off wins until schedule.enabled is edited")
    func enabledSwitch() {
        var state = ScheduleState()
        #expect(state.isEnabled(configured: true))
        state.setEnabled(false, configured: true)
        #expect(!state.isEnabled(configured: true))
        // An edit of schedule.enabled is the newer decision.
        #expect(state.isEnabled(configured: false) == false)
        state.setEnabled(true, configured: false)
        #expect(state.isEnabled(configured: false))
        #expect(state.isEnabled(configured: true))
    }

    @Test("the state file round-trips and refuses what it cannot use", arguments: [
        ("[]", "not a JSON object"),
        (#"{"last_handled":5}"#, "\"version\" is missing"),
        (#"{"version":9}"#, "version 9"),
        (#"{"version":1,"last_handled":"yesterday"}"#, "\"last_handled\""),
        (#"{"version":1,"enabled":"yes"}"#, "\"enabled\""),
    ])
    func stateFile(text: String, message: String) throws {
        let state = ScheduleState(lastHandled: Self.tuesday, snoozedThrough: Self.tuesday + Self.day, enabledOverride: false, configuredEnabled: true)
        let json = state.toJSON(utcOffset: { _ in 3600 })
        #expect(json["last_handled_local"] == .string("2026-11-24T23:30:00+01:00"))
        #expect(try ScheduleState(json: try JSONParser().parse(json.encoded())) == state)
        #expect(performing: { try ScheduleState(json: try JSONParser().parse(text)) }, throws: { error in
            "\(error)".contains(message)
        })
    }
}

extension Int64 {
    fileprivate var floorDividedByDay: Int64 { self >= 0 ? self / 86_400 : (self - 86_399) / 86_400 }
}
