import WinddownCore
/// How winddown's volume percentages map to levels.
///
/// Every source is first brought to a common reference loudness; the
/// volume then scales its amplitude: 100 % is the reference, 50 % is 6 dB
/// below it. The reference is chosen so that the default sleep-sound
/// volume of 20 % lands on -23 LUFS, the EBU R 128 programme level, with
/// headroom for peaks under the default 50 % ceiling.
public enum VolumeScale {
    /// Integrated loudness (LUFS) a source plays at when its volume is 100 %.
    public static let referenceLoudness: Double = -9

    /// Gain in dB for a volume percentage (0 is silence).
    public static func decibels(forPercent percent: Double) -> Double {
        percent <= 0 ? -Double.infinity : Decibels.level(min(percent, 100) / 100)
    }

    /// The loudness (LUFS) a source has at `percent`.
    public static func loudness(forPercent percent: Double) -> Double {
        referenceLoudness + decibels(forPercent: percent)
    }

    /// Linear sample magnitude for a percentage of full scale (the ceiling).
    public static func amplitude(forPercent percent: Double) -> Float {
        Float(max(0, min(100, percent)) / 100)
    }
}
