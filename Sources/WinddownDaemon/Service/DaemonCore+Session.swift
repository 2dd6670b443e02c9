import Clocks
import Logging
import Synchronization
import WinddownAudio
import WinddownCore
import Threads

/// Carrying the session controller's actions out: the only place that
/// touches the engine, the lights, the history and the session's thread.
extension DaemonCore {
    /// Hands `event` to the controller now and carries its actions out.
    /// Returns the status after it; a refusal changes nothing.
    @discardableResult
    func submit(_ event: SessionController.Event) throws(RefusedRequest) -> SessionController.Status {
        try submitted(event).status
    }

    /// `submit`, with the actions carried out (the session's thread does
    /// the slow ones, staging prompts, itself, outside the lock).
    func submitted(_ event: SessionController.Event) throws(RefusedRequest)
        -> (status: SessionController.Status, actions: [SessionController.Action])
    {
        try order.withLock { _ throws(RefusedRequest) in
            let now = clock.now()
            let outcome: Result<([SessionController.Action], SessionController.Status), SessionController.Refusal> =
                state.withLock { state in
                    Result { () throws(SessionController.Refusal) in
                        // Hold and skip act where the engine is (up to its lead ahead of the clock).
                        let engineFrame = state.session?.engine.timelineFrames
                        let actions = try state.controller.handle(event, at: now, engineFrame: engineFrame)
                        return (actions, state.controller.status(at: now))
                    }
                }
            switch outcome {
            case .failure(let refusal): throw RefusedRequest(refusal.description)
            case .success(let (actions, status)):
                for action in actions { carryOut(action) }
                // The session's thread sleeps until the controller's next
                // deadline: wake it when anything but its own tick may have moved it.
                if event != .tick { wake.signal() }
                return (status, actions)
            }
        }
    }

    private func carryOut(_ action: SessionController.Action) {
        let session = state.withLock { $0.session }
        switch action {
        case .launch:
            // The thread is started by `start(…)`, which holds the client's reply.
            state.withLock { $0.busy = true }
        case .began(let trigger):
            guard let session else { return }
            let started = state.withLock { $0.started }
            history?.sessionBegan(
                started: ControlTimestamp(epochSeconds: started.epochSeconds, utcOffset: started.utcOffset),
                routine: session.routine, trigger: trigger)
            observer(.sessionStarted(routine: session.routine))
        case .engine(let command): session?.carryOut(command)
        case .dimming(let command): session?.carryOut(command)
        case .stagePrompts:
            // Opening files takes time: the session's thread does it after the tick, outside the lock.
            break
        case .stepBegan(let step):
            var stepLogger = logger
            stepLogger[metadataKey: "step"] = "\(step.position)"
            stepLogger.info("step \(step.position)/\(step.count): \(step.title)\(step.foot.map { " (\($0.rawValue) foot)" } ?? "")")
        case .notice(let message): logger.notice("\(message)")
        case .record(let record):
            let (started, routine) = state.withLock { ($0.started, $0.session?.routine ?? $0.routine) }
            let ended = LocalTime.now()
            history?.append(
                HistoryEntry(
                    started: ControlTimestamp(epochSeconds: started.epochSeconds, utcOffset: started.utcOffset),
                    ended: ControlTimestamp(epochSeconds: ended.epochSeconds, utcOffset: ended.utcOffset),
                    routine: routine, outcome: record.outcome, reason: record.reason,
                    durationSeconds: record.outcome == .failed ? nil : record.playedSeconds, trigger: record.trigger,
                    cautionHeard: record.cautionHeard))
            if record.outcome != .failed {
                logger.info("session \(record.outcome == .completed ? "completed" : "stopped"): routine \(routine)")
            }
        case .statusChanged: observer(.changed)
        case .ended:
            // The session's thread lets the lights' last call finish, then clears `busy`.
            state.withLock { $0.session = nil }
            observer(.sessionEnded)
        }
    }

    // MARK: Starting

    func start(
        routine: RoutineReference?, duration: Duration?, nightStartingAt night: ControlTimestamp? = nil,
        trigger: HistoryEntry.Trigger,
        reply: @escaping @Sendable (ControlResponse) -> Void
    ) {
        var routine = routine
        if let asked = routine {
            switch RoutineLibrary.standard().checkedForClient(asked) {
            case .success(let resolved): routine = resolved
            case .failure(let refusal):
                reply(.failure(refusal.description))
                return
            }
        }
        do { try submit(.start(trigger)) } catch {
            reply(.failure(error.description))
            return
        }
        let started = LocalTime.now()
        let (configuration, path) = state.withLock { state -> (Configuration, String?) in
            state.started = started
            let configuration = Self.sessionConfiguration(state.configuration, routine: routine, duration: duration, night: night)
            state.routine = configuration.session.routine.description
            return (configuration, state.configurationPath)
        }
        var sessionLogger = logger
        sessionLogger[metadataKey: "session"] = "\(started.epochSeconds)"
        sessionLogger[metadataKey: "routine"] = "\(configuration.session.routine.description)"
        let logger = sessionLogger
        // A thread of its own rather than a task: the daemon never starts
        // Swift's worker pool, whose monitor would wake it every second.
        do {
            try WorkerThread.detach { self.run(configuration, path: path, session: "\(started.epochSeconds)", logger: logger, reply: reply) }
        } catch {
            logger.error("cannot start a session: \(error)")
            _ = try? submit(.launchFailed(reason: "\(error)"))
            notBusy()
            reply(.failure("cannot start a session: \(error)"))
        }
    }

    /// The configuration one session plays by: a weekday's table may
    /// choose that night's routine, length and sound (read with the
    /// configuration it belongs to), and a request's own choice comes last.
    static func sessionConfiguration(
        _ base: Configuration, routine: RoutineReference?, duration: Duration?, night: ControlTimestamp?
    ) -> Configuration {
        var configuration = base
        if let night = night.flatMap(configuration.schedule.night(startingAt:)) {
            if let routine = night.routine { configuration.session.routine = routine }
            if let duration = night.duration { configuration.session.duration = duration }
            if let sound = night.sound { configuration.audio.sound = sound }
        }
        if let routine { configuration.session.routine = routine }
        if let duration { configuration.session.duration = duration }
        return configuration
    }

    /// `plan`: the running session's plan and how far it is, or else the
    /// plan of the next session (the next scheduled night's, or one started
    /// now with the request's routine and length). Prompts not yet spoken
    /// by the voice are placed with no length; nothing is rendered for a plan.
    /// Laying one out reads the routine and every clip's length, so it is
    /// done on a thread of its own: the control server never waits on the disk.
    func plan(routine: RoutineReference?, duration: Duration?, reply: @escaping @Sendable (ControlResponse) -> Void) {
        if routine == nil && duration == nil, let session = state.withLock({ $0.session }) {
            var plan = session.plan
            plan.elapsed = Double(session.engine.timelineFrames) / session.rate
            reply(.success(plan.json))
            return
        }
        do {
            try planWorker.submit { reply(self.upcomingPlan(routine: routine, duration: duration)) }
        } catch {
            reply(.failure("cannot plan the session: \(error)"))
        }
    }

    private func upcomingPlan(routine: RoutineReference?, duration: Duration?) -> ControlResponse {
        var routine = routine
        if let asked = routine {
            switch RoutineLibrary.standard().checkedForClient(asked, command: "plan") {
            case .success(let resolved): routine = resolved
            case .failure(let refusal): return .failure(refusal.description)
            }
        }
        let night = routine == nil && duration == nil ? scheduler?.nextRun : nil
        let configuration = Self.sessionConfiguration(
            state.withLock { $0.configuration }, routine: routine, duration: duration, night: night)
        let cautionHeard = history?.cautionHeard ?? false
        let now = clock.now()
        if let kept = planWorker.kept(configuration, cautionHeard: cautionHeard, now: now) { return kept }
        // The plan is asked for often (the page); its preparation is not news for the log.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let response: ControlResponse
        do {
            let prepared = try PreparedSession.prepareSynchronously(
                configuration: configuration, seed: 1, cautionHeard: cautionHeard, logger: quiet, renderMissing: {})
            response = .success(prepared.planReport(try prepared.timeline(sampleRate: 48_000)).json)
        } catch {
            return .failure("cannot plan the session: \(error)")
        }
        planWorker.keep(PlanWorker.Entry(configuration: configuration, cautionHeard: cautionHeard, made: now, response: response))
        return response
    }

    /// This session's work is done: idle, unless another start has come meanwhile.
    private func notBusy() {
        order.withLock { _ in
            state.withLock { state in
                if state.controller.phase == .idle { state.busy = false }
            }
        }
    }

    /// The session's own thread: prepares it, then follows it to its end.
    private func run(
        _ configuration: Configuration, path: String?, session id: String, logger: Logger,
        reply: @escaping @Sendable (ControlResponse) -> Void
    ) {
        // Taken first and let go last, however the session ends.
        let inhibitor = configuration.session.inhibitSleep ? SleepInhibitor.take(logger: logger) : nil
        let session: RunningSession
        do {
            session = try launch(configuration, path: path, session: id, logger: logger)
        } catch {
            // Idle again before the answer, so the client's next request finds it so.
            logger.error("cannot start a session: \(error)")
            _ = try? submit(.launchFailed(reason: "\(error)"))
            inhibitor?.release()
            notBusy()
            reply(.failure("cannot start a session: \(error)"))
            return
        }
        state.withLock { $0.session = session }
        let status = try? submit(.launched(SessionPlan(session.timeline)))
        var fields: JSONObject = ["routine": .string(session.routine), "remaining_s": .int(status?.remainingSeconds ?? 0)]
        // The first night's caution, for the person starting it to read as well as hear.
        if let caution = session.timeline.prompts.first(where: { $0.role == .caution }) { fields["caution"] = .string(caution.text) }
        reply(.success(fields))
        follow(session)
        // The lights' last call (at most a second), then idle: a shutdown
        // waiting for idle finds the session recorded and the lights settled.
        session.finishDimming()
        session.finishRooms()
        inhibitor?.release()
        notBusy()
    }

    /// Sleeps until the controller's next deadline or a change, ticks it,
    /// and tells it when the engine is done; returns once it is recorded.
    private func follow(_ session: RunningSession) {
        while !session.engine.isFinished {
            wake.wait(until: state.withLock { $0.controller.nextDeadline })
            if session.engine.isFinished { break }
            let actions = (try? submitted(.tick))?.actions ?? []
            if actions.contains(.stagePrompts) { session.stage.prepare(upToTimelineFrame: session.engine.timelineFrames) }
        }
        session.engine.waitUntilFinished()
        logger.info("\(session.stage.summary)")
        _ = try? submit(.engineFinished)
    }
}
