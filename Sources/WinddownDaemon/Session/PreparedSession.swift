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

    /// Loads the routine the configuration names and readies its prompts,
    /// speaking the missing ones with the configured engine.
    public static func prepare(
        configuration: Configuration, library: RoutineLibrary = .standard(), seed: UInt64, logger: Logger
    ) async throws -> PreparedSession {
        let (routine, audio, sound, prompts) = try parts(of: configuration, library: library)
        let clips = await prompts.prepare(routine.promptTexts, logger: logger)
        return finish(routine, audio, sound, prompts, clips, seed: seed, logger: logger)
    }

    /// The same without Swift concurrency, for the daemon: the clips that
    /// are ready (shipped or cached) are used; when some are missing and an
    /// engine is set, `renderMissing` is asked to make them (the daemon runs
    /// a child process for that, so that its own process never starts a
    /// worker pool that would wake it every second), then the cache is read again.
    public static func prepareSynchronously(
        configuration: Configuration, library: RoutineLibrary = .standard(), seed: UInt64, logger: Logger,
        renderMissing: () -> Void
    ) throws -> PreparedSession {
        let (routine, audio, sound, prompts) = try parts(of: configuration, library: library)
        var clips = prompts.readyClips(routine.promptTexts)
        if clips.count < Set(routine.promptTexts).count && prompts.engine != .none {
            renderMissing()
            clips = prompts.readyClips(routine.promptTexts)
        }
        return finish(routine, audio, sound, prompts, clips, seed: seed, logger: logger)
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
            setting: configuration.voice.tts,
            shippedFolders: library.dataDirectory.map { [$0 + "/sounds/prompts"] } ?? [],
            cache: PromptCache(directory: PromptCache.defaultDirectory()))
        return (routine, audio, sound, prompts)
    }

    private static func finish(
        _ routine: Routine, _ audio: SessionAudioSettings, _ sound: PlayableSleepSound, _ prompts: PromptLibrary,
        _ clips: [String: PromptClip], seed: UInt64, logger: Logger
    ) -> PreparedSession {
        logger.info(
            "routine \(routine.name): \(routine.steps.count) steps, \(clips.count) of \(Set(routine.promptTexts).count) prompts voiced (\(prompts.engine))"
        )
        return PreparedSession(routine: routine, clips: clips, audio: audio, sound: sound, seed: seed)
    }

    /// The timeline at `sampleRate`.
    public func timeline(sampleRate: Int) throws(TimelineError) -> SessionTimeline {
        let clips = self.clips
        return try SessionTimeline.make(
            routine: routine,
            settings: TimelineSettings(
                sampleRate: sampleRate, guided: .seconds(audio.guidedSeconds), fadeOut: .seconds(audio.fadeOutSeconds),
                fadeIn: .seconds(audio.fadeInSeconds),
                promptDuration: { text in clips[text].map { .milliseconds(Int64(($0.seconds * 1000).rounded(.up))) } }))
    }

    /// The mixer for a session at `sampleRate`, driven by its timeline;
    /// `speed` when a live session runs faster on purpose.
    public func makeMix(sampleRate: Int, realTime: Bool, speed: Int = 1, logger: Logger) throws -> SessionMix {
        let timeline = try timeline(sampleRate: sampleRate)
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
