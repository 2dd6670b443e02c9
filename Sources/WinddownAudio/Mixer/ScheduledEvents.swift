/// Actions waiting for a frame of the mix clock, kept in time order
/// (actions for the same frame run in the order they were scheduled).
struct ScheduledEvents<Target: AnyObject> {
    private var entries: [(frame: Int64, action: (Target) -> Void)] = []

    mutating func insert(at frame: Int64, _ action: @escaping (Target) -> Void) {
        let index = entries.firstIndex { $0.frame > frame } ?? entries.endIndex
        entries.insert((frame, action), at: index)
    }

    var nextFrame: Int64? { entries.first?.frame }

    /// The earliest action due at or before `frame`, removed from the queue.
    mutating func popDue(at frame: Int64) -> ((Target) -> Void)? {
        guard let first = entries.first, first.frame <= frame else { return nil }
        entries.removeFirst()
        return first.action
    }

    var isEmpty: Bool { entries.isEmpty }
}
