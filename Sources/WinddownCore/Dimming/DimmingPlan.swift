/// Every call of the dimming hook in one session, in order: pure, made once
/// when the session starts from `[dimming]` and the session's length.
///
/// The rules (README and interface.md say the same):
/// - Calls fall at `offset`, then every `interval`, and at `offset +
///   duration`; an interval that does not divide the duration leaves a
///   shorter last step. Each call's level is on the curve at the call's
///   time and its transition is the time until the next call, so a light
///   that fades by itself is always on its way and never waits; the last
///   call (`end`) carries `to` with transition 0.
/// - `interval = "0s"` (or a duration of 0): one `start` call that hands
///   the whole fade over, level `to`, transition `duration`.
/// - A step whose level equals the call before it is left out; the call
///   before it then fades until the next call that remains. `start` and
///   `end` always remain (so `from == to` is a `start` and an `end`).
/// - A dimming that would outlast the session is shortened to end with it;
///   one whose offset is at or past the session's end makes no calls.
public struct DimmingPlan: Equatable, Sendable {
    public let calls: [DimmingCall]
    /// `dimming.from`: the level before the first call (for the level reached).
    public let from: Int
    public let to: Int
    /// Where the dimming is over (the last call's time plus its transition).
    public let end: Duration

    public init(calls: [DimmingCall], from: Int, to: Int) {
        self.calls = calls
        self.from = from
        self.to = to
        end = calls.last.map { $0.at + $0.transition } ?? .zero
    }

    /// The plan for a session with a guided part of `guidedLength` and
    /// `sessionLength` in all (guided part and tail).
    public static func make(_ dimming: Configuration.Dimming, guidedLength: Duration, sessionLength: Duration) -> DimmingPlan {
        let offset = dimming.offset
        guard offset < sessionLength else { return DimmingPlan(calls: [], from: dimming.from, to: dimming.to) }
        let length = min(dimming.effectiveDuration(guidedLength: guidedLength), sessionLength - offset)
        let interval = dimming.interval
        if interval == .zero || length == .zero {
            let handOff = DimmingCall(at: offset, phase: .start, level: dimming.to, transition: length)
            return DimmingPlan(calls: [handOff], from: dimming.from, to: dimming.to)
        }

        // The instants: offset, offset + interval, … before the end, then the end.
        var points: [(at: Duration, level: Int)] = []
        var elapsed = Duration.zero
        while elapsed < length {
            let level = dimming.curve.level(from: dimming.from, to: dimming.to, progress: elapsed / length)
            if points.isEmpty || level != points[points.count - 1].level { points.append((offset + elapsed, level)) }
            elapsed += interval
        }
        points.append((offset + length, dimming.to))

        var calls: [DimmingCall] = []
        for (index, point) in points.enumerated() {
            let phase: DimmingCall.Phase = index == 0 ? .start : (index == points.count - 1 ? .end : .step)
            let transition = index + 1 < points.count ? points[index + 1].at - point.at : .zero
            calls.append(DimmingCall(at: point.at, phase: phase, level: point.level, transition: transition))
        }
        return DimmingPlan(calls: calls, from: dimming.from, to: dimming.to)
    }

    /// Where the lights are at session time `time` if they follow the
    /// calls, each fading evenly from the level before it over its
    /// transition; nil before the first call.
    public func levelReached(at time: Duration) -> Int? {
        guard let index = calls.lastIndex(where: { $0.at <= time }) else { return nil }
        let call = calls[index]
        let before = index == 0 ? from : calls[index - 1].level
        guard call.transition > .zero else { return call.level }
        let progress = min(1, (time - call.at) / call.transition)
        let exact = Double(before) + Double(call.level - before) * progress
        return min(max(call.level, before), max(min(call.level, before), Int(exact.rounded())))
    }
}
