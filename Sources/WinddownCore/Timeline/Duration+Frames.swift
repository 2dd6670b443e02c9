extension Duration {
    /// The number of frames this duration spans at `sampleRate`, rounded to
    /// the nearest frame (halves away from zero).
    ///
    /// Exact integer arithmetic, so a 60-minute session at 48 kHz is exactly
    /// 172,800,000 frames, with no floating-point drift.
    public func frames(atSampleRate sampleRate: Int) -> Int64 {
        let attosecondsPerSecond: Int128 = 1_000_000_000_000_000_000
        let (seconds, attoseconds) = components
        let total = Int128(seconds) * attosecondsPerSecond + Int128(attoseconds)
        // Far past any session, but a Duration can hold it: saturate, never trap.
        let (scaled, overflow) = total.multipliedReportingOverflow(by: Int128(sampleRate))
        if overflow { return total.signum() * Int128(sampleRate).signum() < 0 ? .min : .max }
        let half = attosecondsPerSecond / 2
        let rounded = scaled >= 0 ? (scaled + half) / attosecondsPerSecond : (scaled - half) / attosecondsPerSecond
        return Int64(clamping: rounded)
    }

    /// The exact length of `frames` frames at `sampleRate` (to the attosecond).
    public init(frames: Int64, sampleRate: Int) {
        let rate = Int64(sampleRate)
        guard rate > 0 else { self = .zero; return }
        let remainder = Int128(frames % rate)
        let attoseconds = remainder * 1_000_000_000_000_000_000 / Int128(rate)
        self.init(secondsComponent: frames / rate, attosecondsComponent: Int64(attoseconds))
    }
}

/// Seconds and frames for code that thinks in seconds (tests, logs, `status`).
public enum FrameTime {
    /// `seconds` as frames at `sampleRate`, rounded to the nearest frame.
    public static func frames(seconds: Double, sampleRate: Int) -> Int64 {
        wholeFrames((seconds * Double(sampleRate)).rounded())
    }

    /// A frame count from a computed Double, never trapping: the inputs are
    /// range-checked, but a NaN or an overflow here must not end a night.
    static func wholeFrames(_ value: Double) -> Int64 {
        guard value.isFinite else { return 0 }
        return Int64(min(max(value, -9.0e18), 9.0e18))
    }

    /// `frames` in seconds at `sampleRate`.
    public static func seconds(frames: Int64, sampleRate: Int) -> Double {
        Double(frames) / Double(sampleRate)
    }
}
