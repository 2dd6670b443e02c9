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
