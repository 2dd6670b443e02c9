public import Logging
public import WinddownAudio

/// The mix of one session at a given rate, and where it ends.
public struct SessionMix {
    public let mixer: Mixer
    public let endFrame: Int64

    /// Builds the mixer for `settings`: the sleep sound with its envelope,
    /// ducking and the ceiling.
    public static func make(
        settings: SessionAudioSettings, sound: PlayableSleepSound, sampleRate: Int, seed: UInt64, realTime: Bool,
        logger: Logger
    ) -> SessionMix {
        let rate = Double(sampleRate)
        let mixer = Mixer(
            sampleRate: rate,
            settings: .init(duckDepth: settings.duckDecibels, ceiling: VolumeScale.amplitude(forPercent: settings.maxVolume)))
        let envelope = SleepSoundEnvelope.make(for: settings, sampleRate: rate)
        mixer.add(
            sound.makeChannel(sampleRate: sampleRate, volume: settings.volume, envelope: envelope, seed: seed, realTime: realTime,
                logger: logger))
        return SessionMix(mixer: mixer, endFrame: Int64(settings.totalSeconds * rate))
    }
}
