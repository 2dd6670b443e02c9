import CALSA

/// The interleaved sample formats winddown can write, in order of preference.
public enum SampleFormat: Sendable, CaseIterable, CustomStringConvertible {
    case float32
    case signed32
    case signed24In32
    case signed16

    /// 32-bit integer first: every DAC and sound server takes it without
    /// loss, and (unlike float) every ALSA plugin labels it correctly.
    public static let preferenceOrder: [SampleFormat] = [.signed32, .float32, .signed24In32, .signed16]

    /// Bytes one sample takes in the device buffer.
    public var bytesPerSample: Int {
        switch self {
        case .float32, .signed32, .signed24In32: 4
        case .signed16: 2
        }
    }

    public var description: String {
        switch self {
        case .float32: "FLOAT_LE"
        case .signed32: "S32_LE"
        case .signed24In32: "S24_LE"
        case .signed16: "S16_LE"
        }
    }

    var alsaFormat: snd_pcm_format_t {
        switch self {
        case .float32: SND_PCM_FORMAT_FLOAT_LE
        case .signed32: SND_PCM_FORMAT_S32_LE
        case .signed24In32: SND_PCM_FORMAT_S24_LE
        case .signed16: SND_PCM_FORMAT_S16_LE
        }
    }
}
