public import WinddownCore

/// The audio side of a session, as the configuration and command line set it.
public struct SessionAudioSettings: Sendable, Equatable {
    /// A built-in sound name, or a path to a file or a folder of files.
    public var sound: SleepSound
    /// Sleep-sound level, percent (see `VolumeScale`).
    public var volume: Double
    /// Spoken-prompt level, percent.
    public var voiceVolume: Double
    /// Hard ceiling: no output sample exceeds this percent of full scale.
    public var maxVolume: Double
    /// How far the sleep sound dips under a spoken prompt, in dB.
    public var duckDecibels: Double
    /// The guided part, during which the sleep sound plays steadily.
    public var guidedSeconds: Double
    /// The tail after it, over which the sleep sound fades to silence.
    public var fadeOutSeconds: Double
    /// The gentle rise at the start.
    public var fadeInSeconds: Double
    /// ALSA PCM name.
    public var device: String

    public init(
        sound: SleepSound = .builtIn(.brown), volume: Double = 20, voiceVolume: Double = 28, maxVolume: Double = 50,
        duckDecibels: Double = 10,
        guidedSeconds: Double = 15 * 60, fadeOutSeconds: Double = 20 * 60, fadeInSeconds: Double = 8,
        device: String = "default"
    ) {
        self.sound = sound
        self.volume = volume
        self.voiceVolume = voiceVolume
        self.maxVolume = maxVolume
        self.duckDecibels = duckDecibels
        self.guidedSeconds = guidedSeconds
        self.fadeOutSeconds = fadeOutSeconds
        self.fadeInSeconds = fadeInSeconds
        self.device = device
    }

    /// The whole session: guided part plus tail.
    public var totalSeconds: Double { guidedSeconds + fadeOutSeconds }
}
