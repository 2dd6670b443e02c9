/// The sleep sounds winddown makes itself, with no files: each is an
/// endless, never-repeating stereo source at about −20 dBFS RMS.
public enum BuiltinSound: String, CaseIterable, Sendable {
    case brown, pink, rain, ocean, drone

    /// A one-line description for people choosing a sound.
    public var summary: String {
        switch self {
        case .brown: "Brown noise: a deep, soft roar, like a distant waterfall."
        case .pink: "Pink noise: an even, balanced hiss, like steady rain on a roof."
        case .rain: "Rain: gentle hiss with scattered drops, rising and easing slowly."
        case .ocean: "Ocean: waves swelling, breaking and drawing back on a shore."
        case .drone: "Drone: a low, warm, slowly shifting hum."
        }
    }

    /// A new source, ready to render; the same seed gives the same sound.
    /// Call this off the audio thread: setting up allocates.
    public func makeSource(sampleRate: Double, seed: UInt64) -> any SoundSource {
        switch self {
        case .brown: BrownNoiseSource(sampleRate: sampleRate, seed: seed)
        case .pink: PinkNoiseSource(sampleRate: sampleRate, seed: seed)
        case .rain: RainSource(sampleRate: sampleRate, seed: seed)
        case .ocean: OceanSource(sampleRate: sampleRate, seed: seed)
        case .drone: DroneSource(sampleRate: sampleRate, seed: seed)
        }
    }
}
