extension SessionTimeline {
    /// Lays `routine` out over `settings.guided`, followed by the
    /// `settings.fadeOut` tail.
    ///
    /// Throws when the settings cannot be worked with, when the routine
    /// cannot be laid out (a share that is not a positive number, a min
    /// above its max). A routine without steps is the sleep sound alone: no
    /// steps, no events, only the bed's envelope and when its fixed steps plus minimums do not fit
    /// in the guided time.
    public static func make(routine written: Routine, settings: TimelineSettings) throws(TimelineError) -> SessionTimeline {
        // A session too short for the caution (a one-minute demo, a test)
        // plays without it rather than not at all; `leftOut` says so.
        if settings.caution != nil {
            do {
                return try make(written, settings)
            } catch where error.code == .routineTooLong {
                var without = settings
                without.caution = nil
                let timeline = try make(written, without)
                return timeline.leaving(out: cautionStepID)
            }
        }
        return try make(written, settings)
    }

    private static func make(_ written: Routine, _ settings: TimelineSettings) throws(TimelineError) -> SessionTimeline {
        try validate(settings, routine: written.name)
        let guidedEnd = settings.frames(settings.guided)
        let caution = settings.caution.map { cautionStep($0, settings: settings) }
        let reserved: Duration = caution.map(\.length) ?? .zero
        let (abridged, leftOut) = written.abridged(toFit: settings.guided, reserving: reserved)
        var routine = abridged
        if let caution { routine.steps.insert(caution.step, at: 0) }
        let demands = try demands(of: routine, settings: settings)
        let needed = StepAllocation.minimumNeeded(for: demands)
        guard needed <= guidedEnd else {
            let without = leftOut.isEmpty ? "" : " even without its optional steps (\(leftOut.joined(separator: ", ")))"
            throw TimelineError(
                code: .routineTooLong, routine: routine.name,
                message: "routine \(routine.name) needs at least \(wholeSeconds(needed, settings).compactString)\(without); "
                    + "session.duration is \(settings.guided.compactString)")
        }
        let lengths = StepAllocation(demands: demands, guided: guidedEnd).lengths
        let steps = layOut(routine, lengths: lengths)

        let cues = routine.steps.enumerated().flatMap { index, step in
            StepCues.halves(of: step, breathing: routine.breathing) { text, role in
                // An empty text has nothing to say: no prompt at all.
                guard !text.allSatisfy(\.isWhitespace) else { return nil }
                let clip = settings.promptDuration(text)
                return StepCues.Clip(
                    text: text, role: caution != nil && index == 0 ? .caution : role,
                    length: max(0, clip.map(settings.frames) ?? 0), hasAudio: clip != nil)
            }
        }
        let lightCues = steps.compactMap { step -> LightCue? in
            guard step.foot != Foot.right, let level = routine.steps[step.routineStepIndex].light else { return nil }
            return LightCue(step: step.id, start: step.start, level: level)
        }
        let spacing = CueSpacing(settings)
        let fadeOut = settings.frames(settings.fadeOut)
        return SessionTimeline(
            routine: routine.name, sampleRate: settings.sampleRate, steps: steps,
            events: TimelineEventBuilder.events(steps: steps[...], cues: cues, spacing: spacing, floor: 0),
            bedEnvelope: GainEnvelope.sessionBed(
                fadeIn: settings.frames(settings.fadeIn), guidedEnd: guidedEnd, fadeOut: fadeOut,
                shortFade: settings.frames(SessionTimeline.minimumFadeOut)),
            guidedEnd: guidedEnd, sessionEnd: guidedEnd + fadeOut, leftOut: leftOut, lightCues: lightCues)
    }

    /// The caution as the session's first step: as long as its clip, with
    /// the chime's lead before it and a pause after (a short pause alone
    /// without a clip, so that `status` still shows it).
    private static func cautionStep(_ text: String, settings: TimelineSettings) -> (step: RoutineStep, length: Duration) {
        let speech = settings.promptDuration(text) ?? .zero
        let length = speech == .zero ? SessionTimeline.cautionPause : settings.chimeLead + speech + SessionTimeline.cautionPause
        let step = RoutineStep(
            id: SessionTimeline.cautionStepID, title: "Before you begin", text: text, timing: .fixed(length), chime: true)
        return (step, length)
    }

    private static func validate(_ settings: TimelineSettings, routine: String) throws(TimelineError) {
        func invalid(_ message: String) -> TimelineError {
            TimelineError(code: .invalidSettings, routine: routine, message: message)
        }
        guard settings.sampleRate > 0 else {
            throw invalid("the sample rate must be above 0, not \(settings.sampleRate)")
        }
        guard settings.guided > .zero else { throw invalid("session.duration must be longer than 0s") }
        let lengths: [(String, Duration)] = [
            ("session.fade_out", settings.fadeOut), ("the fade-in", settings.fadeIn),
            ("the chime lead", settings.chimeLead), ("the gap between prompts", settings.promptGap),
            ("the duck lead", settings.duckLead), ("the duck release", settings.duckRelease),
            ("the end cue lead", settings.endCueLead),
        ]
        for (name, length) in lengths where length < .zero {
            throw invalid("\(name) must not be negative")
        }
    }

    private static func demands(of routine: Routine, settings: TimelineSettings) throws(TimelineError)
        -> [StepAllocation.Demand]
    {
        func invalid(_ step: RoutineStep, _ message: String) -> TimelineError {
            TimelineError(
                code: .invalidRoutine, routine: routine.name, message: "routine \(routine.name), step \(step.id): \(message)")
        }
        var demands: [StepAllocation.Demand] = []
        for step in routine.steps {
            let minimum = max(0, step.minimum.map(settings.frames) ?? 0)
            let maximum = step.maximum.map(settings.frames)
            switch step.timing {
            case .fixed(let length):
                guard length >= .zero else { throw invalid(step, "the duration must not be negative") }
                demands.append(.init(kind: .fixed(settings.frames(length)), minimum: 0, maximum: nil))
            case .share(let share):
                guard share.isFinite, share > 0 else { throw invalid(step, "the share must be above 0, not \(share)") }
                if let maximum, maximum < minimum {
                    let bounds = (step.maximum ?? .zero, step.minimum ?? .zero)
                    throw invalid(step, "max (\(bounds.0.compactString)) is below min (\(bounds.1.compactString))")
                }
                demands.append(.init(kind: .share(share), minimum: minimum, maximum: maximum))
            }
        }
        return demands
    }

    /// Turns routine step lengths into timeline steps: per-foot steps become
    /// a left and a right half (the right takes the odd frame).
    private static func layOut(_ routine: Routine, lengths: [Int64]) -> [TimelineStep] {
        var steps: [TimelineStep] = []
        var start: Int64 = 0
        for (routineIndex, (step, length)) in zip(routine.steps, lengths).enumerated() {
            let halves: [(Foot?, Int64)] =
                step.perFoot ? [(.left, length / 2), (.right, length - length / 2)] : [(nil, length)]
            for (foot, halfLength) in halves {
                steps.append(
                    TimelineStep(
                        index: steps.count, routineStepIndex: routineIndex, id: step.id, title: step.title, foot: foot,
                        position: routineIndex + 1, count: routine.steps.count, start: start, end: start + halfLength))
                start += halfLength
            }
        }
        return steps
    }

    /// `frames` as a duration rounded up to whole seconds, for messages
    /// ("needs at least 9m30s" must never understate).
    private static func wholeSeconds(_ frames: Int64, _ settings: TimelineSettings) -> Duration {
        let rate = Int64(settings.sampleRate)
        return .seconds((frames + rate - 1) / rate)
    }
}
