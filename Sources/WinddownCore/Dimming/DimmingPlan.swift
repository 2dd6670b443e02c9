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
    /// `sessionLength` in all (guided part and tail). With `cues` (the
    /// routine's `light` steps, in session time) the lights follow the
    /// routine instead of one ramp: from `from` at `offset` to each cue's
    /// level by the time its step begins, then to `to` at the end of the
    /// guided part, each stretch on the curve with calls every `interval`;
    /// `dimming.duration` is not used then. A cue's level is kept between
    /// `to` and `from`, and cues before `offset` are passed over.
    public static func make(
        _ dimming: Configuration.Dimming, guidedLength: Duration, sessionLength: Duration, cues: [(at: Duration, level: Int)] = []
    ) -> DimmingPlan {
        let offset = dimming.offset
        guard offset < sessionLength else { return DimmingPlan(calls: [], from: dimming.from, to: dimming.to) }
        let ahead = cues.filter { $0.at > offset && $0.at < guidedLength }
        if !ahead.isEmpty && dimming.interval > .zero {
            var targets = ahead.map { (at: $0.at, level: min(dimming.from, max(dimming.to, $0.level))) }
            targets.append((guidedLength, dimming.to))
            return stretches(dimming, start: offset, targets: targets, leading: true)
        }
        let length = min(dimming.effectiveDuration(guidedLength: guidedLength), sessionLength - offset)
        let interval = dimming.interval
        if interval == .zero || length == .zero {
            let target = ahead.isEmpty ? length : guidedLength - offset
            let handOff = DimmingCall(at: offset, phase: .start, level: dimming.to, transition: target)
            return DimmingPlan(calls: [handOff], from: dimming.from, to: dimming.to)
        }
        return stretches(dimming, start: offset, targets: [(offset + length, dimming.to)], leading: false)
    }

    /// Calls along consecutive stretches: from `from` at `start` to each
    /// target in turn, each stretch on the curve with a call every
    /// interval (the last step of a stretch may be shorter), then `end` at
    /// the last target. `leading`: each call names the level the curve
    /// reaches when its transition ends, so a cue's level is there as its
    /// step begins (a call that would repeat the level before it is left
    /// out: the lights hold); otherwise the level at the call's own time.
    private static func stretches(
        _ dimming: Configuration.Dimming, start: Duration, targets: [(at: Duration, level: Int)], leading: Bool
    ) -> DimmingPlan {
        var points: [(at: Duration, level: Int)] = []
        var stretchStart = (at: start, level: dimming.from)
        for target in targets {
            let length = target.at - stretchStart.at
            var elapsed = Duration.zero
            while elapsed < length {
                let level = dimming.curve.level(
                    from: stretchStart.level, to: target.level, progress: elapsed / length)
                // Leading calls are thinned below, where a hold can be told from a fade.
                if leading || points.isEmpty || level != points[points.count - 1].level {
                    points.append((stretchStart.at + elapsed, level))
                }
                elapsed += dimming.interval
            }
            stretchStart = target
        }
        points.append(targets[targets.count - 1])

        var calls: [DimmingCall] = []
        for (index, point) in points.enumerated() {
            let last = index == points.count - 1
            let phase: DimmingCall.Phase = index == 0 ? .start : (last ? .end : .step)
            let transition = last ? .zero : points[index + 1].at - point.at
            let level = leading && !last ? points[index + 1].level : point.level
            if leading, phase == .step, let before = calls.last, before.level == level { continue }
            calls.append(DimmingCall(at: point.at, phase: phase, level: level, transition: transition))
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
