/// Which foot a per-foot step's half is for.
public enum Foot: String, Sendable, Equatable, CaseIterable {
    case left
    case right
}

/// One stretch of the guided part: a routine step, or one foot's half of a
/// per-foot step. The steps of a timeline tile `[0, guidedEnd)` with no gaps.
public struct TimelineStep: Sendable, Equatable {
    /// Index in `SessionTimeline.steps` (what `skip()` walks through).
    public var index: Int
    /// Index of the step in `Routine.steps`.
    public var routineStepIndex: Int
    /// The routine step's id, e.g. "arch-heel".
    public var id: String
    public var title: String
    /// Set for the halves of a per-foot step, nil otherwise.
    public var foot: Foot?
    /// "Step `position` of `count`" for people. Counts routine steps, not
    /// halves: both feet of a per-foot step show the same position, since to
    /// a listener it is one step done twice (the foot tells them apart).
    public var position: Int
    public var count: Int
    /// First frame of the step.
    public var start: Int64
    /// First frame after the step.
    public var end: Int64

    public init(
        index: Int, routineStepIndex: Int, id: String, title: String, foot: Foot?, position: Int, count: Int,
        start: Int64, end: Int64
    ) {
        self.index = index
        self.routineStepIndex = routineStepIndex
        self.id = id
        self.title = title
        self.foot = foot
        self.position = position
        self.count = count
        self.start = start
        self.end = end
    }

    public var frames: Range<Int64> { start..<end }
    public var length: Int64 { end - start }
}
