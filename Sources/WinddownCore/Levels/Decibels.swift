#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conversions between decibels and linear amplitude.
public enum Decibels {
    /// Levels at or below this are treated as silence.
    public static let silenceFloor: Double = -96

    /// Linear amplitude for a level in dB; exactly 0 at or below the silence floor.
    public static func amplitude(_ decibels: Double) -> Double {
        decibels <= silenceFloor ? 0 : pow(10, decibels / 20)
    }

    /// Level in dB of a linear amplitude; the silence floor for 0 or less.
    public static func level(_ amplitude: Double) -> Double {
        amplitude <= 0 ? silenceFloor : max(silenceFloor, 20 * log10(amplitude))
    }
}
