/// What winddown asks of a playback device.
public struct PlaybackRequest: Sendable, Equatable {
    public var sampleRate: Int
    public var channels: Int
    /// Formats to try, best first.
    public var formats: [SampleFormat]
    /// Total device buffer; bedtime audio wants a large one (few wake-ups, no glitches).
    public var bufferMicroseconds: Int
    /// Time between wake-ups; a quarter of the buffer keeps it well topped up.
    public var periodMicroseconds: Int

    public init(
        sampleRate: Int = 48_000, channels: Int = 2, formats: [SampleFormat] = SampleFormat.preferenceOrder,
        bufferMicroseconds: Int = 500_000, periodMicroseconds: Int = 125_000
    ) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.formats = formats
        self.bufferMicroseconds = bufferMicroseconds
        self.periodMicroseconds = periodMicroseconds
    }
}

/// What the device agreed to.
public struct PlaybackConfiguration: Sendable, Equatable, CustomStringConvertible {
    public var sampleRate: Int
    public var channels: Int
    public var format: SampleFormat
    public var bufferFrames: Int
    public var periodFrames: Int

    public var bytesPerFrame: Int { channels * format.bytesPerSample }

    public var description: String {
        let bufferMs = bufferFrames * 1000 / max(sampleRate, 1)
        return "\(format) \(sampleRate) Hz \(channels) ch, buffer \(bufferFrames) frames (\(bufferMs) ms), period \(periodFrames)"
    }
}
