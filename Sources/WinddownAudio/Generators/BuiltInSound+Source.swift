public import WinddownCore

/// Each built-in sleep sound's generator: endless, never repeating, stereo,
/// at about −20 dBFS RMS.
extension BuiltInSound {
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
