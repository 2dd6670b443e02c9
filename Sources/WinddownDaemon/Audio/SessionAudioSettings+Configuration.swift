public import WinddownCore

extension SessionAudioSettings {
    /// The audio settings a configuration gives a session.
    public init(configuration: Configuration) {
        self.init(
            sound: configuration.audio.sound,
            volume: Double(configuration.audio.volume),
            voiceVolume: Double(configuration.audio.voiceVolume),
            maxVolume: Double(configuration.audio.maxVolume),
            duckDecibels: Double(configuration.audio.duck),
            guidedSeconds: configuration.session.duration.seconds,
            fadeOutSeconds: configuration.session.fadeOut.seconds,
            device: configuration.audio.device)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
