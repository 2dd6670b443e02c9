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
    /// The lights' hook, when `dimming.hook` is set.
    let dimming: DimmingDriver?

    init(
        engine: PlaybackEngine, timeline: SessionTimeline, routine: String, stage: PromptStage, maxVolume: Double,
        dimming: DimmingDriver? = nil
    ) {
        self.engine = engine
        self.timeline = timeline
        self.routine = routine
        self.stage = stage
        self.maxVolume = maxVolume
        self.dimming = dimming
    }

    /// Opens the device (to learn its rate; the engine reopens it and keeps
    /// retrying when it is not there), lays the session out at that rate and
    /// starts the audio thread (and the dimming, with `dimming`).
    static func start(_ prepared: PreparedSession, dimming: DimmingSettings? = nil, logger: Logger) throws -> RunningSession {
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
        let engine = try PlaybackEngine(mixer: mix.mixer, sink: sink, endFrame: endFrame, logger: logger)
        logger.info("session started: routine \(prepared.routine.name), \(Int(prepared.audio.totalSeconds)) s")
        return RunningSession(
            engine: engine, timeline: timeline, routine: prepared.routine.name, stage: stage,
            maxVolume: prepared.audio.maxVolume, dimming: DimmingDriver.start(dimming, timeline: timeline))
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

    func pause() {
        engine.perform { $0.holdTimeline(fadeSeconds: 1.5) }
        dimming?.pause()
    }

    func resume() {
        engine.perform { $0.resumeTimeline(fadeSeconds: 1.5) }
        dimming?.resume()
    }

    /// Fades out and ends; the lights' hook hears `abort` with the level reached.
    func stop(fadeSeconds: Double) {
        engine.stop(fadeSeconds: fadeSeconds)
        dimming?.abort()
    }

    /// After the session's end: the hook's last call (`end`, if the
    /// session ended before the dimming did), waited for at most a second
    /// so a shutdown stays within its 5 s.
    func finishDimming() {
        dimming?.sessionEnded()
        dimming?.waitUntilFinished(timeout: .seconds(1))
    }

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
