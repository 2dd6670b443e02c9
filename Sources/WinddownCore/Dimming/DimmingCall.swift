/// One call of the dimming hook: `HOOK PHASE LEVEL TRANSITION_S`.
public struct DimmingCall: Equatable, Sendable, CustomStringConvertible {
    /// `PHASE` of interface.md.
    public enum Phase: String, Sendable {
        /// The first call of a session's dimming.
        case start
        /// The calls in between.
        case step
        /// The last call: the level is `dimming.to`.
        case end
        /// The session was stopped while the lights were still dimming.
        case abort
    }

    /// When the call falls due, in session time (pauses excluded) since the
    /// session started.
    public var at: Duration
    public var phase: Phase
    /// Brightness percent to reach, 0 to 100.
    public var level: Int
    /// Over how long to reach `level`.
    public var transition: Duration

    public init(at: Duration, phase: Phase, level: Int, transition: Duration) {
        self.at = at
        self.phase = phase
        self.level = level
        self.transition = transition
    }

    /// `TRANSITION_S`: whole seconds, or seconds with up to three decimals
    /// (`"60"`, `"2.5"`, `"0.125"`).
    public var transitionText: String { Self.secondsText(transition) }

    public var description: String { "\(phase.rawValue) \(level) \(transitionText)" }

    static func secondsText(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = Int64((Double(attoseconds) / 1e15).rounded())
        let whole = seconds + millis / 1000
        let fraction = millis % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
