/// The one truth about a running session, as a pure state machine in the
/// shape of hummingbird's connection state machine: every event comes with
/// the monotonic time it happened at, and the answer is a list of actions
/// for the daemon to carry out (or a refusal, which changes nothing). No
/// clocks, threads or audio in here: tests drive it with made-up instants.
///
/// The rules, in one place:
/// - `pause` fades out and stops the timeline; `resume` fades back in. A
///   pause longer than `maximumPause` ends the session (recorded as stopped).
/// - `hold` stops the timeline but not the sound: the step goes on past its
///   planned end, the next prompt waits. `resume` or `skip` ends it; a hold
///   longer than `maximumHold` ends by itself. Not in the tail.
/// - `skip` moves to the next step's start (from the last, to the tail);
///   refused while paused and in the tail.
/// - `extend D` lengthens the tail from any moment until the stop, within
///   `maximumTail` in all.
/// - `stop` while starting is kept and carried out as soon as the session plays.
/// - Session time runs `speed` times the wall clock while running or stopping.
public struct SessionController: Sendable {
    public let rules: Rules
    public private(set) var phase: Phase = .idle
    public private(set) var plan: SessionPlan?
    /// The session's level now, and the configured one a new session starts at.
    public private(set) var volume: Int
    private var configuredVolume: Int
    private var maximumVolume: Int
    private var trigger: HistoryEntry.Trigger = .request

    /// The timeline frame at `anchorTime`; it moves on from there while running.
    private var anchorFrame: Int64 = 0
    private var anchorTime: Duration = .zero
    /// When the current pause or hold began.
    private var stillSince: Duration?
    /// Session frames spent holding, before the current hold.
    private var heldFrames: Int64 = 0
    private var stopWhenLaunched = false
    private var stopReason: String?
    private var lastStep: Int?
    private var nextLook: Duration = .zero
    private var nextStatus: Duration = .zero
    public private(set) var isDeviceAvailable = true
    /// The engine's timeline frame given with the event being handled.
    private var engineFrame: Int64?

    public init(volume: Int, maximumVolume: Int, rules: Rules = Rules()) {
        self.rules = rules
        self.maximumVolume = maximumVolume
        configuredVolume = min(volume, maximumVolume)
        self.volume = configuredVolume
    }

    /// Applies `event`, which happened at monotonic instant `now`.
    /// `engineFrame`: where the engine's timeline is, which runs up to its
    /// lead ahead of the clock; a hold or a skip acts where the listener is
    /// about to be, so that the step held or skipped is the one the engine plays.
    public mutating func handle(_ event: Event, at now: Duration, engineFrame: Int64? = nil) throws(Refusal) -> [Action] {
        self.engineFrame = engineFrame
        switch event {
        case .start(let trigger): return try start(trigger)
        case .launched(let plan): return launched(plan, at: now)
        case .launchFailed(let reason): return launchFailed(reason)
        case .pause: return try pause(at: now)
        case .resume: return try resume(at: now)
        case .hold: return try hold(at: now)
        case .skip: return try skip(at: now)
        case .stop: return try stop(at: now, reason: "stopped early")
        case .extend(let duration): return try extend(by: duration, at: now)
        case .volume(let change):
            _ = try live("change the volume")
            volume = change.applied(to: volume, maximum: maximumVolume)
            return [.engine(.volume(percent: volume)), .statusChanged]
        case .reload(let volume, let maximumVolume):
            self.maximumVolume = maximumVolume
            configuredVolume = min(volume, maximumVolume)
            self.volume = configuredVolume
            return isLive ? [.engine(.volume(percent: self.volume))] : []
        case .deviceLost, .deviceBack:
            // The session's time runs on either way; only `status` may care.
            isDeviceAvailable = event == .deviceBack
            return []
        case .tick: return tick(at: now)
        case .engineFinished: return finished(at: now)
        }
    }

    // MARK: Starting and ending

    private mutating func start(_ trigger: HistoryEntry.Trigger) throws(Refusal) -> [Action] {
        switch phase {
        case .idle: break
        case .starting: throw Refusal("a session is already starting; stop it first")
        default: throw Refusal("a session is already running; stop it first")
        }
        phase = .starting
        self.trigger = trigger
        volume = configuredVolume
        (stopWhenLaunched, stopReason, heldFrames, stillSince, lastStep) = (false, nil, 0, nil, nil)
        return [.launch(trigger)]
    }

    private mutating func launched(_ plan: SessionPlan, at now: Duration) -> [Action] {
        guard phase == .starting else { return [] }
        self.plan = plan
        phase = .running
        (anchorFrame, anchorTime) = (0, now)
        (nextLook, nextStatus) = (now + rules.lookInterval, now + rules.statusInterval)
        // A reload while it was starting may have changed the level since the mix was made.
        var actions: [Action] = [.began(trigger), .engine(.volume(percent: volume))]
        if let first = plan.step(at: 0) {
            lastStep = first.index
            actions.append(.stepBegan(first))
        }
        actions.append(.statusChanged)
        if stopWhenLaunched { actions += (try? stop(at: now, reason: "stopped early")) ?? [] }
        return actions
    }

    private mutating func launchFailed(_ reason: String) -> [Action] {
        guard phase == .starting else { return [] }
        phase = .idle
        return [.record(Record(outcome: .failed, reason: reason, playedSeconds: 0, trigger: trigger)), .ended, .statusChanged]
    }

    private mutating func finished(at now: Duration) -> [Action] {
        guard isLive || phase == .stopping, let plan else { return [] }
        let stopped = phase == .stopping
        let played = playedFrames(at: now)
        // Heard once the session moved past the caution's step (played, held or skipped through).
        let caution = plan.steps.first { $0.id == SessionTimeline.cautionStepID }
        let record = Record(
            outcome: stopped ? .stopped : .completed, reason: stopped ? stopReason : nil,
            playedSeconds: Int(plan.seconds(played)), trigger: trigger,
            cautionHeard: caution.map { position(at: now) >= $0.end } ?? false)
        phase = .idle
        self.plan = nil
        return [.record(record), .dimming(.sessionEnded), .ended, .statusChanged]
    }

    private mutating func stop(at now: Duration, reason: String) throws(Refusal) -> [Action] {
        switch phase {
        case .idle: throw Refusal("no session is running")
        case .starting:
            stopWhenLaunched = true
            return []
        case .stopping: throw Refusal("the session is already stopping")
        case .running, .holding, .paused:
            if phase == .holding { endHold(at: now) } else { settle(at: now) }
            phase = .stopping
            stopReason = reason
            return [.engine(.stop(fade: rules.stopFade)), .dimming(.abort), .statusChanged]
        }
    }

    // MARK: Pause, hold, skip, extend

    private mutating func pause(at now: Duration) throws(Refusal) -> [Action] {
        switch try live("pause") {
        case .paused: throw Refusal("the session is already paused")
        case .holding:
            endHold(at: now)
            phase = .paused
            stillSince = now
            // The dimming is already held.
            return [.engine(.release), .engine(.pause(fade: rules.pauseFade)), .statusChanged]
        default:
            settle(at: now)
            phase = .paused
            stillSince = now
            return [.engine(.pause(fade: rules.pauseFade)), .dimming(.pause), .statusChanged]
        }
    }

    private mutating func resume(at now: Duration) throws(Refusal) -> [Action] {
        switch try live("resume") {
        case .paused:
            phase = .running
            (anchorTime, stillSince) = (now, nil)
            return [.engine(.resume(fade: rules.pauseFade)), .dimming(.resume), .statusChanged]
        case .holding:
            endHold(at: now)
            phase = .running
            return [.engine(.release), .dimming(.resume), .statusChanged]
        default: throw Refusal("the session is neither paused nor holding")
        }
    }

    private mutating func hold(at now: Duration) throws(Refusal) -> [Action] {
        switch try live("hold") {
        case .holding: throw Refusal("the session is already holding step \(currentStep(at: now)?.position ?? 0)")
        case .paused: throw Refusal("the session is paused; resume it first")
        default: break
        }
        let frame = engineAware(position(at: now))
        guard plan?.step(at: frame) != nil else {
            throw Refusal("nothing to hold: the guided part is over (extend lengthens the fade)")
        }
        (anchorFrame, anchorTime) = (frame, now)
        phase = .holding
        stillSince = now
        return [.engine(.hold), .dimming(.pause), .statusChanged]
    }

    private mutating func skip(at now: Duration) throws(Refusal) -> [Action] {
        let was = try live("skip")
        if was == .paused { throw Refusal("the session is paused; resume it first") }
        let frame = was == .holding ? anchorFrame : engineAware(position(at: now))
        guard let plan, frame < plan.guidedEnd else {
            throw Refusal("nothing to skip: the session is already in its fading tail")
        }
        var actions: [Action] = []
        if was == .holding {
            endHold(at: now)
            phase = .running
            actions += [.engine(.release), .dimming(.resume)]
        }
        anchorFrame = plan.skipTarget(from: frame)
        anchorTime = now
        actions.append(.engine(.jump(toFrame: anchorFrame)))
        actions += stepActions()
        actions.append(.statusChanged)
        return actions
    }

    private mutating func extend(by duration: Duration, at now: Duration) throws(Refusal) -> [Action] {
        _ = try live("extend")
        guard duration > .zero, var plan else { throw Refusal("extend: the time to add must be more than zero") }
        let cap = plan.frames(rules.maximumTail)
        let added = plan.frames(duration)
        guard added <= cap - plan.tailLength else {
            let room = Duration(frames: max(0, cap - plan.tailLength), sampleRate: plan.sampleRate)
            throw Refusal(
                "extend: the fading tail may be at most \(rules.maximumTail.compactString) in all;"
                    + " at most \(room.roundedToSeconds.compactString) more can be added")
        }
        plan.sessionEnd += added
        self.plan = plan
        return [.engine(.extendTail(toFrame: plan.sessionEnd)), .statusChanged]
    }

    // MARK: Time

    private mutating func tick(at now: Duration) -> [Action] {
        var actions: [Action] = []
        switch phase {
        case .paused:
            if let since = stillSince, sessionTime(now - since) >= rules.maximumPause {
                actions.append(.notice("paused for \(rules.maximumPause.compactString); ending the session"))
                actions += (try? stop(at: now, reason: "paused for too long")) ?? []
                return actions
            }
        case .holding:
            if let since = stillSince, sessionTime(now - since) >= rules.maximumHold {
                actions.append(.notice("held for \(rules.maximumHold.compactString); moving on"))
                actions += (try? resume(at: now)) ?? []
            }
        case .idle, .starting:
            return []
        case .running, .stopping:
            break
        }
        if phase != .paused, now >= nextLook {
            nextLook = now + rules.lookInterval
            actions.append(.stagePrompts)
            let steps = stepActions(at: now)
            actions += steps
            if !steps.isEmpty { actions.append(.statusChanged) }
        }
        // Paused, nothing counts down: no refresh.
        if phase != .paused, now >= nextStatus {
            nextStatus = now + rules.statusInterval
            if !actions.contains(.statusChanged) { actions.append(.statusChanged) }
        }
        return actions
    }

    /// When the executor should next call `tick`; nil when nothing is due.
    public var nextDeadline: Duration? {
        switch phase {
        case .idle, .starting: return nil
        case .paused: return stillSince.map { $0 + wallTime(rules.maximumPause) }
        case .holding:
            return [nextLook, nextStatus, stillSince.map { $0 + wallTime(rules.maximumHold) }].compactMap { $0 }.min()
        case .running, .stopping: return min(nextLook, nextStatus)
        }
    }

    /// The timeline frame at `now`.
    public func position(at now: Duration) -> Int64 {
        guard let plan else { return 0 }
        guard phase == .running || phase == .stopping else { return anchorFrame }
        let moved = sessionFrames(now - anchorTime, plan: plan)
        return min(plan.sessionEnd, anchorFrame + moved)
    }

    public func currentStep(at now: Duration) -> TimelineStep? { plan?.step(at: position(at: now)) }

    public func status(at now: Duration) -> Status {
        guard let plan, phase != .idle, phase != .starting else {
            return Status(phase: phase == .starting ? .idle : phase, volume: volume)
        }
        let position = position(at: now)
        let remaining = Double(plan.sessionEnd - position) / Double(plan.sampleRate)
        return Status(
            phase: phase, routine: plan.routine, step: plan.step(at: position),
            elapsedSeconds: Int(plan.seconds(playedFrames(at: now))),
            remainingSeconds: max(0, Int(remaining.rounded(.up))), volume: volume)
    }

    private var isLive: Bool { phase == .running || phase == .holding || phase == .paused }

    /// The phase, when a session is live; otherwise a refusal naming `what`.
    private func live(_ what: String) throws(Refusal) -> Phase {
        switch phase {
        case .idle: throw Refusal("no session is running")
        case .starting: throw Refusal("the session is still starting; \(what) once it plays")
        case .stopping: throw Refusal("the session is stopping")
        default: return phase
        }
    }

    /// `frame`, or the engine's frame when it is further on (within the session).
    private func engineAware(_ frame: Int64) -> Int64 {
        guard let engineFrame, let plan else { return frame }
        return min(max(frame, engineFrame), plan.sessionEnd)
    }

    /// Fixes the position at `now` as the new anchor.
    private mutating func settle(at now: Duration) {
        anchorFrame = position(at: now)
        anchorTime = now
    }

    private mutating func endHold(at now: Duration) {
        if let since = stillSince, let plan { heldFrames += sessionFrames(now - since, plan: plan) }
        (anchorTime, stillSince) = (now, nil)
    }

    private func playedFrames(at now: Duration) -> Int64 {
        guard let plan else { return 0 }
        var held = heldFrames
        if phase == .holding, let since = stillSince { held += sessionFrames(now - since, plan: plan) }
        return position(at: now) + held
    }

    /// `stepBegan` when the step at the anchor (or at `now`) is new.
    private mutating func stepActions(at now: Duration? = nil) -> [Action] {
        let frame = now.map { position(at: $0) } ?? anchorFrame
        guard let step = plan?.step(at: frame), step.index != lastStep else { return [] }
        lastStep = step.index
        return [.stepBegan(step)]
    }

    private func sessionFrames(_ wall: Duration, plan: SessionPlan) -> Int64 {
        let (frames, overflow) = plan.frames(wall).multipliedReportingOverflow(by: Int64(rules.speed))
        return overflow ? .max : max(0, frames)
    }

    private func sessionTime(_ wall: Duration) -> Duration { wall * rules.speed }
    private func wallTime(_ session: Duration) -> Duration { session / rules.speed }
}

extension Duration {
    /// Whole seconds, rounded down (for messages).
    var roundedToSeconds: Duration { .seconds(components.seconds) }
}
