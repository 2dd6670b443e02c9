/// Gain automation over time: breakpoints in dB, joined by straight lines in
/// dB (so a fade sounds even to the ear), held flat before the first and
/// after the last. Time is in frames: of the session's timeline for a
/// channel (the sleep sound's fade in, hold and fade out), of the mix for
/// the master fades (start, pause, stop).
public struct GainEnvelope: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var frame: Int64
        public var decibels: Double
        public init(frame: Int64, decibels: Double) {
            self.frame = frame
            self.decibels = decibels
        }
    }

    public private(set) var points: [Point]

    /// A constant level.
    public init(constant decibels: Double = 0) {
        points = [Point(frame: 0, decibels: decibels)]
    }

    /// Breakpoints in any order; sorted here.
    public init(points: [Point]) {
        precondition(!points.isEmpty, "an envelope needs at least one point")
        self.points = points.sorted { $0.frame < $1.frame }
    }

    /// Adds a straight-in-dB move from the level at `frame` to `decibels` over `frames`,
    /// dropping any later points (the newest instruction wins).
    public mutating func ramp(from frame: Int64, over frames: Int64, to decibels: Double) {
        let current = level(at: frame)
        points.removeAll { $0.frame >= frame }
        points.append(Point(frame: frame, decibels: current))
        points.append(Point(frame: frame + max(frames, 1), decibels: decibels))
    }

    /// The envelope for a session: silence to 0 dB over `fadeIn` frames, 0 dB
    /// until `guidedEnd`, then down to silence at `guidedEnd + fadeOut`.
    public static func sessionBed(fadeIn: Int64, guidedEnd: Int64, fadeOut: Int64, shortFade: Int64) -> GainEnvelope {
        let fadeStart = fadeOut > 0 ? guidedEnd : max(0, guidedEnd - shortFade)
        let fadeEnd = fadeOut > 0 ? guidedEnd + fadeOut : guidedEnd
        // A fade-in longer than the guided part is cut short where the fade-out begins.
        let fadeInEnd = min(max(0, fadeIn), fadeStart)
        var points: [Point] = []
        if fadeInEnd > 0 { points.append(Point(frame: 0, decibels: Decibels.silenceFloor)) }
        points.append(Point(frame: fadeInEnd, decibels: 0))
        if fadeStart > fadeInEnd { points.append(Point(frame: fadeStart, decibels: 0)) }
        if fadeEnd > fadeStart { points.append(Point(frame: fadeEnd, decibels: Decibels.silenceFloor)) }
        return GainEnvelope(points: points)
    }

    /// Lengthens the fade to silence so that it ends at `end`: from the level
    /// at `frame`, or from where the fade begins if that is later, in a
    /// straight line in dB, so the level never jumps (`extend`). The fade
    /// begins at the point before a last point of silence.
    public mutating func refade(from frame: Int64, toSilenceAt end: Int64) {
        let fading = points.count >= 2 && points[points.count - 1].decibels <= Decibels.silenceFloor
        let start = fading ? max(frame, points[points.count - 2].frame) : frame
        guard end > start else { return }
        let current = level(at: start)
        points.removeAll { $0.frame >= start }
        points.append(Point(frame: start, decibels: current))
        points.append(Point(frame: end, decibels: Decibels.silenceFloor))
    }

    /// Level in dB at `frame`.
    public func level(at frame: Int64) -> Double {
        guard let first = points.first, frame > first.frame else { return points[0].decibels }
        guard let last = points.last, frame < last.frame else { return points[points.count - 1].decibels }
        // Binary search for the segment holding `frame`.
        var low = 0
        var high = points.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if points[mid].frame <= frame { low = mid } else { high = mid }
        }
        let a = points[low]
        let b = points[high]
        let t = Double(frame - a.frame) / Double(b.frame - a.frame)
        // Interpolating from or to silence in dB would spend most of the fade
        // inaudible; the silence floor keeps the arithmetic finite.
        let from = max(a.decibels, Decibels.silenceFloor)
        let to = max(b.decibels, Decibels.silenceFloor)
        return from + (to - from) * t
    }

    /// The frame after which the level no longer changes.
    public var settlesAt: Int64 { points[points.count - 1].frame }
}
