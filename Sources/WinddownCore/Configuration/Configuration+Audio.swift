extension Configuration {
    /// `[audio]`: where sound goes and how loud it may be. Levels are
    /// percent of full scale.
    public struct Audio: Equatable, Sendable {
        /// `audio.device`: the ALSA PCM name to play on.
        public var device: String
        /// `audio.sound`: the sleep sound under and after the guided part.
        public var sound: SleepSound
        /// `audio.volume`: sleep-sound level, 0 to 100, at most `maxVolume`.
        public var volume: Int
        /// `audio.voice_volume`: spoken-prompt level, 0 to 100, at most `maxVolume`.
        public var voiceVolume: Int
        /// `audio.max_volume`: hard ceiling; no output sample ever exceeds
        /// this percent of full scale, whatever else is asked for.
        public var maxVolume: Int
        /// `audio.duck`: decibels the sleep sound dips by while a prompt
        /// speaks, 0 to 40, so the words stay clear without a louder voice.
        public var duck: Int
    }
}
