public import WinddownAudio

/// The sleep sound's level over a session: a rise from silence, steady
/// through the guided part, then the tail falling to silence. Straight
/// lines in dB, so the fade sounds even to the end. With no tail at all
/// it still ends on a half-second fade, never on a cut.
public enum SleepSoundEnvelope {
    public static func make(for settings: SessionAudioSettings, sampleRate: Double) -> GainEnvelope {
        let end = Int64(settings.totalSeconds * sampleRate)
        let fadeIn = min(Int64(max(0, settings.fadeInSeconds) * sampleRate), end / 2)
        let tail = max(end - Int64(settings.guidedSeconds * sampleRate), Int64(0.5 * sampleRate))
        let fadeOutStart = max(fadeIn, end - tail)
        return GainEnvelope(points: [
            .init(frame: 0, decibels: Decibels.silenceFloor),
            .init(frame: fadeIn, decibels: 0),
            .init(frame: fadeOutStart, decibels: 0),
            .init(frame: end, decibels: Decibels.silenceFloor),
        ])
    }
}
