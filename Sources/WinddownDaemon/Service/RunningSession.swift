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
    /// The Snapcast rooms, when `snapcast.server` is set.
    let rooms: SnapcastLink?

    private init(
        engine: PlaybackEngine, timeline: SessionTimeline, routine: String, stage: PromptStage, dimming: DimmingDriver?,
        plan: PlanReport, rooms: SnapcastLink?
    ) {
        self.rooms = rooms
        self.engine = engine
        self.timeline = timeline
        self.routine = routine
        self.stage = stage
        self.dimming = dimming
        self.plan = plan
    }

    /// Opens the device (to learn its rate; the engine reopens it and keeps
    /// retrying when it is not there), lays the session out at that rate and
    /// starts the audio thread (and the dimming, with `dimming`). With
    /// `snapcast.server` set, the rooms are set first and the session plays
    /// there (and on the device too with `snapcast.local`), at 48000 Hz.
    /// `observer` hears the engine's events (device lost and back, the end);
    /// `roomsChanged`, when the rooms playing change.
    static func start(
        _ prepared: PreparedSession, dimming: DimmingSettings? = nil, snapcast: Configuration.Snapcast = Configuration.Snapcast(),
        speed: Int = 1, logger: Logger, observer: @escaping @Sendable (EngineEvent) -> Void = { _ in },
        roomsChanged: @escaping @Sendable () -> Void = {}
    ) throws -> RunningSession {
        // The rooms are set while the mix is laid out.
        let rooms = try snapcast.server.map { try SnapcastLink.start(snapcast, server: $0, logger: logger, roomsChanged: roomsChanged) }
        var outputs: [any AudioSink] = []
        var sampleRate = rooms == nil ? PlaybackRequest().sampleRate : SnapcastSink.streamRate
        if snapcast.playsLocally {
            let sink = ALSASink(device: prepared.audio.device, request: PlaybackRequest(sampleRate: sampleRate))
            do {
                let opened = try sink.openDevice().sampleRate
                sink.close()
                if rooms == nil { sampleRate = opened }
                if opened == sampleRate {
                    outputs.append(sink)
                } else {
                    logger.warning("ALSA device \"\(prepared.audio.device)\" plays at \(opened) Hz, not the \(sampleRate) Hz the Snapcast stream needs: the session plays in the rooms only (a plug: device, such as \"plug:default\", converts)")
                }
            } catch {
                logger.warning("cannot open ALSA device \"\(prepared.audio.device)\" yet: \(error); mixing at \(sampleRate) Hz")
                outputs.append(sink)
            }
        }
        if let rooms { outputs.insert(rooms.makeSink(), at: 0) }
        let mix: SessionMix
        do { mix = try prepared.makeMix(sampleRate: sampleRate, realTime: true, speed: speed, logger: logger) } catch {
            rooms?.finish()
            throw error
        }
        let (timeline, stage, endFrame) = (mix.timeline, mix.stage, mix.endFrame)
        stage.prepare(upToTimelineFrame: 0)
        // Audio waits for the rooms (a second at most), so the first of it is heard there.
        rooms?.waitUntilReady(timeout: .seconds(1))
        let engine: PlaybackEngine
        do {
            engine = try PlaybackEngine(
                mixer: mix.mixer, outputs: outputs, endFrame: endFrame, pacing: Pacing(speed: speed), logger: logger, observer: observer)
        } catch {
            rooms?.finish()
            throw error
        }
        logger.info("session started: routine \(prepared.routine.name), \(Int(prepared.audio.totalSeconds)) s")
        return RunningSession(
            engine: engine, timeline: timeline, routine: prepared.routine.name, stage: stage,
            dimming: DimmingDriver.start(dimming, timeline: timeline, speed: speed), plan: prepared.planReport(timeline),
            rooms: rooms)
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

    /// After the session's end: the rooms' volumes and streams put back
    /// (the server has two seconds to confirm).
    func finishRooms() {
        rooms?.finish()
    }
}

/// A request the daemon cannot carry out now, and why (sent to the client as is).
public struct RefusedRequest: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
