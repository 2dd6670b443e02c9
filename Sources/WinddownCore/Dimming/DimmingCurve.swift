/// `dimming.curve`: how the brightness falls from `dimming.from` to
/// `dimming.to` over the dimming's length.
public enum DimmingCurve: String, Sendable, CaseIterable {
    /// The same drop in percent every minute.
    case linear
    /// Slowly at first and faster near the end: the share of the drop made
    /// after a share `p` of the time is `p²`. The eye notices a step of a
    /// dim light far more than the same step of a bright one, so small
    /// steps while the room is still bright and larger ones as it gets
    /// dark read as a fade that goes on evenly to the end.
    case perceptual

    /// The share of the whole drop made after `progress` (0 to 1) of the
    /// time; 0 at 0, 1 at 1, never decreasing in between.
    public func share(at progress: Double) -> Double {
        let p = min(1, max(0, progress))
        switch self {
        case .linear: return p
        case .perceptual: return p * p
        }
    }

    /// The level, rounded to a whole percent, after `progress` of the way
    /// from `from` down to `to`. Exactly `from` at 0 and `to` at 1, and never
    /// rising as `progress` grows (rounding a non-increasing value keeps it
    /// non-increasing).
    public func level(from: Int, to: Int, progress: Double) -> Int {
        let exact = Double(from) - Double(from - to) * share(at: progress)
        return min(from, max(to, Int(exact.rounded())))
    }
}
