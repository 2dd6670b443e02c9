extension SessionController {
    /// Where the session is, as `status` reports it.
    public enum Phase: String, Sendable, Equatable, CaseIterable {
        case idle
        /// Preparing prompts and opening the device.
        case starting
        case running
        /// The current step goes on past its planned end, sound and all.
        case holding
        /// Faded out; the timeline stands still.
        case paused
        /// Fading out for good.
        case stopping
    }

    /// What happened, with the time it happened passed beside it.
    public enum Event: Sendable, Equatable {
        /// `start` on the socket or the nightly schedule.
        case start(HistoryEntry.Trigger)
        /// The session is laid out and its engine plays.
        case launched(SessionPlan)
        case launchFailed(reason: String)
        case pause
        case resume
        case hold
        case skip
        case stop
        /// Lengthen the fading tail by this much (more than zero).
        case extend(Duration)
        case volume(VolumeChange)
        /// A new configuration: its volume and ceiling, in percent.
        case reload(volume: Int, maximumVolume: Int)
        case deviceLost
        case deviceBack
        /// Time has passed (the executor calls at `nextDeadline`).
        case tick
        /// The engine has played to its end (or its stop's fade is over).
        case engineFinished
    }

    /// What the engine is told to do, in the session's own frames.
    public enum EngineCommand: Sendable, Equatable {
        /// Fade the mix out; the timeline stands still.
        case pause(fade: Duration)
        case resume(fade: Duration)
        /// The timeline stands still; the sound goes on.
        case hold
        /// Let a held timeline run again.
        case release
        /// Move the timeline to this frame (a skip).
        case jump(toFrame: Int64)
        /// Fade everything out and end.
        case stop(fade: Duration)
        /// The tail now reaches silence at this frame: re-plan the fade from where it is.
        case extendTail(toFrame: Int64)
        /// The sleep sound's level, in percent.
        case volume(percent: Int)
    }

    /// What the lights' hook is told.
    public enum DimmingCommand: Sendable, Equatable {
        case pause
        case resume
        /// Stopped: the lights stay where they are.
        case abort
        /// Over by itself.
        case sessionEnded
    }

    /// A finished session, for the history.
    public struct Record: Sendable, Equatable {
        public var outcome: HistoryEntry.Outcome
        public var reason: String?
        /// Seconds of session time that played (holds count, pauses do not).
        public var playedSeconds: Int
        public var trigger: HistoryEntry.Trigger
        /// The session opened with the caution and went past its step.
        public var cautionHeard: Bool

        public init(
            outcome: HistoryEntry.Outcome, reason: String?, playedSeconds: Int, trigger: HistoryEntry.Trigger,
            cautionHeard: Bool = false
        ) {
            (self.outcome, self.reason, self.playedSeconds, self.trigger) = (outcome, reason, playedSeconds, trigger)
            self.cautionHeard = cautionHeard
        }
    }

    /// What the executor must carry out, in order.
    public enum Action: Sendable, Equatable {
        /// Prepare the session and start its engine; answer with `launched` or `launchFailed`.
        case launch(HistoryEntry.Trigger)
        /// The session began (history marks it, so a crash is found later).
        case began(HistoryEntry.Trigger)
        case engine(EngineCommand)
        case dimming(DimmingCommand)
        /// Get the prompts due soon ready (off the audio thread).
        case stagePrompts
        /// A new step has begun (for the log).
        case stepBegan(TimelineStep)
        /// A decision the log should explain.
        case notice(String)
        case record(Record)
        /// `STATUS=` and watchers should hear of the change.
        case statusChanged
        /// Back to idle.
        case ended
    }

    /// A request that cannot be carried out now; the session is untouched.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The fixed numbers of the rules, in session time unless said otherwise.
    public struct Rules: Sendable, Equatable {
        /// A pause this long ends the session (someone fell asleep).
        public var maximumPause: Duration = .seconds(3600)
        /// A hold this long lets the session move on.
        public var maximumHold: Duration = .seconds(3600)
        /// `extend` never makes the fading tail longer than this.
        public var maximumTail: Duration = Limits.maximumTail
        public var stopFade: Duration = .seconds(3)
        public var pauseFade: Duration = .milliseconds(1500)
        /// Wall time between looks at a live session (prompts staged, steps logged).
        public var lookInterval: Duration = .milliseconds(500)
        /// Wall time between status refreshes while a session plays.
        public var statusInterval: Duration = .seconds(10)
        /// Session seconds per wall second: 1, or up to 60 for previews and tests.
        public var speed: Int = 1

        public static let speeds: ClosedRange<Int> = 1...60

        public init(speed: Int = 1) { self.speed = min(max(speed, Self.speeds.lowerBound), Self.speeds.upperBound) }
    }

    /// The session as `status` shows it.
    public struct Status: Sendable, Equatable {
        public var phase: Phase
        public var routine: String?
        public var step: TimelineStep?
        public var elapsedSeconds: Int?
        public var remainingSeconds: Int?
        public var volume: Int
    }
}
