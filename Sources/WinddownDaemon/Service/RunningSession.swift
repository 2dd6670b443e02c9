import ALSA
import Clocks
import Logging
import WinddownAudio
import WinddownCore

/// A session that is playing: its engine, its layout and its lights, and
/// how each of the controller's engine and dimming commands is carried out.
final class RunningSession: Sendable {
    let engine: PlaybackEngine
    let timeline: SessionTimeline
    let routine: String
    let stage: PromptStage
    /// The lights' hook, when `dimming.hook` is set.
    let dimming: DimmingDriver?
    /// The session's plan as the `plan` command shows it (without `elapsed`).
    let plan: PlanReport

    private init(
        engine: PlaybackEngine, timeline: SessionTimeline, routine: String, stage: PromptStage, dimming: DimmingDriver?,
        plan: PlanReport
    ) {
        self.engine = engine
        self.timeline = timeline
        self.routine = routine
        self.stage = stage
        self.dimming = dimming
        self.plan = plan
    }

    /// Opens the device (to learn its rate; the engine reopens it and keeps
    /// retrying when it is not there), lays the session out at that rate and
    /// starts the audio thread (and the dimming, with `dimming`).
    /// `observer` hears the engine's events (device lost and back, the end).
    static func start(
        _ prepared: PreparedSession, dimming: DimmingSettings? = nil, speed: Int = 1, logger: Logger,
        observer: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) throws -> RunningSession {
        let sink = ALSASink(device: prepared.audio.device)
        var sampleRate = sink.request.sampleRate
        do {
            sampleRate = try sink.openDevice().sampleRate
            sink.close()
        } catch {
            logger.warning("cannot open ALSA device \"\(prepared.audio.device)\" yet: \(error); mixing at \(sampleRate) Hz")
        }
        let mix = try prepared.makeMix(sampleRate: sampleRate, realTime: true, speed: speed, logger: logger)
        let (timeline, stage, endFrame) = (mix.timeline, mix.stage, mix.endFrame)
        stage.prepare(upToTimelineFrame: 0)
        let engine = try PlaybackEngine(
            mixer: mix.mixer, sink: sink, endFrame: endFrame, pacing: Pacing(speed: speed), logger: logger, observer: observer)
        logger.info("session started: routine \(prepared.routine.name), \(Int(prepared.audio.totalSeconds)) s")
        return RunningSession(
            engine: engine, timeline: timeline, routine: prepared.routine.name, stage: stage,
            dimming: DimmingDriver.start(dimming, timeline: timeline, speed: speed), plan: prepared.planReport(timeline))
    }

    var rate: Double { Double(timeline.sampleRate) }

    /// Carries one of the controller's engine commands out on the audio thread.
    func carryOut(_ command: SessionController.EngineCommand) {
        switch command {
        case .pause(let fade): engine.perform { $0.holdTimeline(fadeSeconds: fade.seconds) }
        case .resume(let fade): engine.perform { $0.resumeTimeline(fadeSeconds: fade.seconds) }
        case .hold: engine.perform { $0.freezeTimeline() }
        case .release: engine.perform { $0.releaseTimeline() }
        case .jump(let frame):
            engine.perform { mixer in
                // The mix runs up to a second ahead of the clock: already there, nothing to cut short.
                guard frame > mixer.timelineClock else { return }
                (mixer.program as? SessionProgram)?.skip(to: frame, mixer: mixer)
            }
        case .stop(let fade): engine.stop(fadeSeconds: fade.seconds)
        case .extendTail(let end): engine.perform { $0.extendSession(to: end) }
        case .volume(let percent):
            let decibels = VolumeScale.decibels(forPercent: Double(percent))
            engine.perform { $0.channel(named: "sleep-sound")?.setLevel(decibels: decibels) }
        }
    }

    func carryOut(_ command: SessionController.DimmingCommand) {
        switch command {
        case .pause: dimming?.pause()
        case .resume: dimming?.resume()
        case .abort: dimming?.abort()
        case .sessionEnded: dimming?.sessionEnded()
        }
    }

    /// After the session's end: the hook's last call, waited for at most a
    /// second so a shutdown stays within its 5 s.
    func finishDimming() {
        dimming?.waitUntilFinished(timeout: .seconds(1))
    }
}

/// A request the daemon cannot carry out now, and why (sent to the client as is).
public struct RefusedRequest: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
