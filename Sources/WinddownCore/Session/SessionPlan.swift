/// What the session controller needs to know of a session laid out at the
/// device's rate: its steps and where the guided part and the tail end, in
/// frames of the session's timeline.
public struct SessionPlan: Sendable, Equatable {
    public var routine: String
    public var sampleRate: Int
    /// Tile `[0, guidedEnd)` in order.
    public var steps: [TimelineStep]
    public var guidedEnd: Int64
    /// Where the tail reaches silence; `extend` moves it later.
    public var sessionEnd: Int64

    public init(routine: String, sampleRate: Int, steps: [TimelineStep], guidedEnd: Int64, sessionEnd: Int64) {
        self.routine = routine
        self.sampleRate = max(1, sampleRate)
        self.steps = steps
        self.guidedEnd = guidedEnd
        self.sessionEnd = sessionEnd
    }

    public init(_ timeline: SessionTimeline) {
        self.init(
            routine: timeline.routine, sampleRate: timeline.sampleRate, steps: timeline.steps,
            guidedEnd: timeline.guidedEnd, sessionEnd: timeline.sessionEnd)
    }

    /// The step playing at `frame`; nil in the tail.
    public func step(at frame: Int64) -> TimelineStep? {
        guard frame >= 0, frame < guidedEnd else { return nil }
        return steps.last { $0.start <= frame }
    }

    /// Where a skip from `frame` lands: the next step's start, or the tail.
    func skipTarget(from frame: Int64) -> Int64 {
        steps.first { $0.start > frame }?.start ?? guidedEnd
    }

    var tailLength: Int64 { sessionEnd - guidedEnd }

    func frames(_ duration: Duration) -> Int64 { duration.frames(atSampleRate: sampleRate) }

    func seconds(_ frames: Int64) -> Double { Double(frames) / Double(sampleRate) }
}
