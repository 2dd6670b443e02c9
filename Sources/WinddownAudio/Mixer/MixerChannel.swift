public import WinddownCore
/// One source in the mix with its own gain: a static trim (loudness
/// normalisation), a level (the user's volume, changed smoothly), and an
/// envelope of fades on the mix clock.
public final class MixerChannel {
    public enum Role: Sendable {
        /// The sleep sound: dips while a voice speaks.
        case bed
        /// A spoken prompt: the bed ducks under it.
        case voice
        /// A chime or a breathing tone: mixed as is.
        case effect
    }

    public let name: String
    public let role: Role
    let source: any SoundSource
    /// Fixed correction that brings the source to the reference loudness.
    public let trimDecibels: Double
    var level: SmoothedLevel
    public var envelope: GainEnvelope
    /// Linear gain applied at the end of the previous block; the next block glides from it.
    var lastGain: Float = 0
    public internal(set) var hasEnded = false
    /// Frames left of a stop's fade, when the channel is stopping.
    var releaseRemaining: Int?
    var releaseLength = 0

    /// - Parameters:
    ///   - levelDecibels: the channel's starting level (e.g. from a volume percent).
    ///   - glideSeconds: how long a level change of 10 dB takes.
    public init(
        name: String, role: Role, source: any SoundSource, sampleRate: Double,
        trimDecibels: Double = 0, levelDecibels: Double = 0, envelope: GainEnvelope = GainEnvelope(),
        glideSeconds: Double = 0.25
    ) {
        self.name = name
        self.role = role
        self.source = source
        self.trimDecibels = trimDecibels
        let perFrame = 10 / (glideSeconds * sampleRate)
        self.level = SmoothedLevel(levelDecibels, fallPerFrame: perFrame, risePerFrame: perFrame)
        self.envelope = envelope
    }

    /// Fades the channel out over `frames` frames, then ends it (a skipped
    /// prompt, a cancelled chime): never a cut.
    public func stop(fadeFrames frames: Int) {
        guard releaseRemaining == nil else { return }
        releaseLength = max(1, frames)
        releaseRemaining = releaseLength
    }

    /// Sets the level the channel glides to.
    public func setLevel(decibels: Double) { level.target = decibels }

    public var levelDecibels: Double { level.target }
}
