public import Logging
import WinddownAudio
public import WinddownCore

/// Everything a session needs before its first sample, gathered off the
/// audio thread: the routine, the spoken clips (found or rendered), the
/// sleep sound. `makeMix` then lays the timeline out at the device's rate.
public struct PreparedSession: Sendable {
    public let routine: Routine
    public let clips: [String: PromptClip]
    public let audio: SessionAudioSettings
    public let sound: PlayableSleepSound
    public let seed: UInt64
    /// The health caution this session opens with; nil when it does not.
    public let caution: String?
    /// `[dimming]`, for the light plan of `render --timeline`.
    public let dimming: Configuration.Dimming

    /// Loads the routine the configuration names and readies its prompts,
    /// speaking the missing ones with the configured engine.
    /// `cautionHeard` (some earlier session played the caution through) decides `session.caution = "first"`.
    public static func prepare(
        configuration: Configuration, library: RoutineLibrary = .standard(), seed: UInt64, cautionHeard: Bool,
        logger: Logger
    ) async throws -> PreparedSession {
        let (routine, audio, sound, prompts) = try parts(of: configuration, library: library)
        let caution = Self.caution(configuration, library: library, cautionHeard: cautionHeard, logger: logger)
        let clips = await prompts.prepare(spokenTexts(routine, caution: caution), logger: logger)
        return finish(routine, audio, sound, prompts, clips, seed: seed, caution: caution, configuration, logger: logger)
    }

    /// The same without Swift concurrency, for the daemon: the clips that
    /// are ready (shipped or cached) are used; when some are missing and an
    /// engine is set, `renderMissing` is asked to make them (the daemon runs
    /// a child process for that, so that its own process never starts a
    /// worker pool that would wake it every second), then the cache is read again.
    public static func prepareSynchronously(
        configuration: Configuration, library: RoutineLibrary = .standard(), seed: UInt64, cautionHeard: Bool,
        logger: Logger, renderMissing: () -> Void
    ) throws -> PreparedSession {
        let (routine, audio, sound, prompts) = try parts(of: configuration, library: library)
        let caution = Self.caution(configuration, library: library, cautionHeard: cautionHeard, logger: logger)
        let texts = spokenTexts(routine, caution: caution)
        var clips = prompts.readyClips(texts)
        if clips.count < Set(texts).count && prompts.engine != .none {
            renderMissing()
            clips = prompts.readyClips(texts)
        }
        return finish(routine, audio, sound, prompts, clips, seed: seed, caution: caution, configuration, logger: logger)
    }

    /// Every text the session may speak: the routine's, and the caution's when it opens with it.
    static func spokenTexts(_ routine: Routine, caution: String?) -> [String] {
        routine.promptTexts + (caution.map { [$0] } ?? [])
    }

    /// The caution's text when this session opens with it. An unreadable
    /// caution file is logged and the session plays without it.
    static func caution(
        _ configuration: Configuration, library: RoutineLibrary, cautionHeard: Bool, logger: Logger
    ) -> String? {
        // The caution is about the massage: the sleep sound alone needs none.
        guard configuration.session.caution.applies(cautionHeard: cautionHeard),
            configuration.session.routine != Routine.sleepSoundOnlyReference
        else { return nil }
        switch SessionCaution.text(in: library) {
        case .success(let text): return text
        case .failure(let error):
            logger.error("session.caution: \(error); this session opens without the spoken caution")
            return nil
        }
    }

    private static func parts(of configuration: Configuration, library: RoutineLibrary) throws
        -> (Routine, SessionAudioSettings, PlayableSleepSound, PromptLibrary)
    {
        let routine =
            configuration.session.routine == Routine.sleepSoundOnlyReference
            ? Routine.sleepSoundOnly : try library.load(configuration.session.routine)
        let audio = SessionAudioSettings(configuration: configuration)
        let sound = try PlayableSleepSound.resolve(audio.sound)
        let prompts = PromptLibrary(
            voice: configuration.voice, dataDirectory: library.dataDirectory,
            shippedFolders: library.dataDirectory.map { [$0 + "/sounds/prompts"] } ?? [],
            cache: PromptCache(directory: PromptCache.defaultDirectory()))
        return (routine, audio, sound, prompts)
    }

    private static func finish(
        _ routine: Routine, _ audio: SessionAudioSettings, _ sound: PlayableSleepSound, _ prompts: PromptLibrary,
        _ clips: [String: PromptClip], seed: UInt64, caution: String?, _ configuration: Configuration, logger: Logger
    ) -> PreparedSession {
        let texts = Set(spokenTexts(routine, caution: caution))
        for note in prompts.engineNotes { logger.warning("\(note)") }
        logger.info(
            "routine \(routine.name): \(routine.steps.count) steps, \(clips.count) of \(texts.count) prompts voiced (\(PromptClip.spokenBy(clips.values)); engine for new text: \(prompts.engine))\(caution == nil ? "" : "; the spoken caution is due")"
        )
        return PreparedSession(
            routine: routine, clips: clips, audio: audio, sound: sound, seed: seed, caution: caution,
            dimming: configuration.dimming)
    }

    /// The timeline at `sampleRate`.
    public func timeline(sampleRate: Int) throws(TimelineError) -> SessionTimeline {
        let clips = self.clips
        return try SessionTimeline.make(
            routine: routine,
            settings: TimelineSettings(
                sampleRate: sampleRate, guided: .seconds(audio.guidedSeconds), fadeOut: .seconds(audio.fadeOutSeconds),
                fadeIn: .seconds(audio.fadeInSeconds),
                promptDuration: { text in clips[text].map { .milliseconds(Int64(($0.seconds * 1000).rounded(.up))) } },
                caution: caution))
    }

    /// What `timeline` looks like to a person: steps, prompts, the sound's and the light's level.
    public func planReport(_ timeline: SessionTimeline, elapsed: Double? = nil) -> PlanReport {
        PlanReport(timeline: timeline, dimming: dimming, volume: min(audio.volume, audio.maxVolume), duckDecibels: audio.duckDecibels, elapsed: elapsed)
    }

    /// The mixer for a session at `sampleRate`, driven by its timeline;
    /// `speed` when a live session runs faster on purpose.
    public func makeMix(sampleRate: Int, realTime: Bool, speed: Int = 1, logger: Logger) throws -> SessionMix {
        let timeline = try timeline(sampleRate: sampleRate)
        if timeline.leftOut.contains(SessionTimeline.cautionStepID) {
            logger.warning("the session is too short for the spoken caution as well as the routine; it plays without the caution")
        }
        let steps = timeline.leftOut.filter { $0 != SessionTimeline.cautionStepID }
        if !steps.isEmpty {
            logger.notice(
                "routine \(routine.name) abridged to fit \(Duration.seconds(audio.guidedSeconds).compactString): leaving out \(steps.joined(separator: ", "))")
        }
        let rate = Double(sampleRate)
        let mixer = Mixer(
            sampleRate: rate,
            settings: .init(duckDepth: audio.duckDecibels, ceiling: VolumeScale.amplitude(forPercent: audio.maxVolume)))
        mixer.add(
            try sound.makeChannel(
                sampleRate: sampleRate, volume: audio.volume, envelope: timeline.bedEnvelope, seed: seed, realTime: realTime,
                logger: logger))
        let levels = SessionProgram.Levels(voiceVolume: audio.voiceVolume)
        let stage = PromptStage(
            timeline: timeline, clips: clips, voiceDecibels: levels.voiceDecibels, realTime: realTime, speed: speed,
            logger: logger)
        let program = SessionProgram(timeline: timeline, stage: stage, levels: levels)
        mixer.program = program
        return SessionMix(mixer: mixer, endFrame: timeline.sessionEnd, timeline: timeline, stage: stage, program: program)
    }
}
