/// The sleep sound's level over the session, as breakpoints joined by
/// straight lines in dB: fade in, hold through the guided part, fade to
/// silence over the tail.
///
/// Ducking under prompts is not in here: the mixer applies `DuckWindow`s on
/// top, so a pause, a skip or a change of duck depth never has to rewrite
/// this envelope.
public struct BedEnvelope: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var frame: Int64
        public var decibels: Double

        public init(frame: Int64, decibels: Double) {
            self.frame = frame
            self.decibels = decibels
        }
    }

    /// The level treated as silence (the audio engine's floor too).
    public static let silence: Double = -96
    /// With no tail (`fadeOut` 0) the sound still fades, over this long, ending at the guided end.
    public static let minimumFadeOut: Duration = .milliseconds(500)

    /// In frame order, no two at the same frame.
    public let points: [Point]

    public init(points: [Point]) {
        self.points = points
    }

    /// The envelope for a session: silence to 0 dB over `fadeIn` frames, 0 dB
    /// until `guidedEnd`, then down to silence at `guidedEnd + fadeOut`.
    init(fadeIn: Int64, guidedEnd: Int64, fadeOut: Int64, shortFade: Int64) {
        let fadeStart = fadeOut > 0 ? guidedEnd : max(0, guidedEnd - shortFade)
        let fadeEnd = fadeOut > 0 ? guidedEnd + fadeOut : guidedEnd
        // A fade-in longer than the guided part is cut short where the fade-out begins.
        let fadeInEnd = min(max(0, fadeIn), fadeStart)
        var points: [Point] = []
        if fadeInEnd > 0 { points.append(Point(frame: 0, decibels: Self.silence)) }
        points.append(Point(frame: fadeInEnd, decibels: 0))
        if fadeStart > fadeInEnd { points.append(Point(frame: fadeStart, decibels: 0)) }
        if fadeEnd > fadeStart { points.append(Point(frame: fadeEnd, decibels: Self.silence)) }
        self.points = points
    }

    /// Level in dB at `frame`: held flat before the first and after the last point.
    public func level(at frame: Int64) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if frame <= first.frame { return first.decibels }
        if frame >= last.frame { return last.decibels }
        let next = points.firstIndex { $0.frame > frame } ?? points.count - 1
        let a = points[next - 1]
        let b = points[next]
        let t = Double(frame - a.frame) / Double(b.frame - a.frame)
        return a.decibels + (b.decibels - a.decibels) * t
    }
}
