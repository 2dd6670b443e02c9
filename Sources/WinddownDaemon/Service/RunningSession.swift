import ALSA
import Logging
import WinddownAudio
import WinddownCore

/// A session that is playing: its engine, its plan, and what the control
/// socket and the service status report about it.
final class RunningSession: Sendable {
    let engine: PlaybackEngine
    let timeline: SessionTimeline
    let routine: String
    let stage: PromptStage
    let maxVolume: Double

    init(engine: PlaybackEngine, timeline: SessionTimeline, routine: String, stage: PromptStage, maxVolume: Double) {
        self.engine = engine
        self.timeline = timeline
        self.routine = routine
        self.stage = stage
        self.maxVolume = maxVolume
    }

    /// Opens the device (to learn its rate; the engine reopens it and keeps
    /// retrying when it is not there), lays the session out at that rate and
    /// starts the audio thread.
    static func start(_ prepared: PreparedSession, logger: Logger) throws -> RunningSession {
        let sink = ALSASink(device: prepared.audio.device)
        var sampleRate = sink.request.sampleRate
        do {
            sampleRate = try sink.open().sampleRate
            sink.close()
        } catch {
            logger.warning("cannot open ALSA device \"\(prepared.audio.device)\" yet: \(error); mixing at \(sampleRate) Hz")
        }
        let mix = try prepared.makeMix(sampleRate: sampleRate, realTime: true, logger: logger)
        let (timeline, stage, endFrame) = (mix.timeline, mix.stage, mix.endFrame)
        stage.prepare(upToTimelineFrame: 0)
        let engine = PlaybackEngine(mixer: mix.mixer, sink: sink, endFrame: endFrame, logger: logger)
        logger.info("session started: routine \(prepared.routine.name), \(Int(prepared.audio.totalSeconds)) s")
        return RunningSession(
            engine: engine, timeline: timeline, routine: prepared.routine.name, stage: stage,
            maxVolume: prepared.audio.maxVolume)
    }

    var position: Int64 { engine.timelineFrames }
    var rate: Double { Double(timeline.sampleRate) }

    /// The step playing now, if still in the guided part.
    var currentStep: TimelineStep? { timeline.step(at: position) }

    var elapsedSeconds: Int { Int(Double(position) / rate) }
    var remainingSeconds: Int { max(0, Int((Double(timeline.sessionEnd - position) / rate).rounded(.up))) }

    /// Moves to the next step (or into the tail) on the audio thread, exactly where the timeline is then.
    func skip() throws(RefusedRequest) {
        guard position < timeline.guidedEnd else {
            throw RefusedRequest("nothing to skip: the session is already in its fading tail")
        }
        let timeline = self.timeline
        engine.perform { mixer in
            let now = mixer.timelineClock
            let target = timeline.steps.first { $0.start > now }?.start ?? timeline.guidedEnd
            (mixer.program as? SessionProgram)?.skip(to: target, mixer: mixer)
        }
    }

    func pause() { engine.perform { $0.holdTimeline(fadeSeconds: 1.5) } }
    func resume() { engine.perform { $0.resumeTimeline(fadeSeconds: 1.5) } }

    func setVolume(_ percent: Double) {
        let decibels = VolumeScale.decibels(forPercent: percent)
        engine.perform { $0.channel(named: "sleep-sound")?.setLevel(decibels: decibels) }
    }
}

/// A request the daemon cannot carry out now, and why (sent to the client as is).
public struct RefusedRequest: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
