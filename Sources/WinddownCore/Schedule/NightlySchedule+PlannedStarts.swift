/// The planner works on instants; the schedule's starts carry more.
extension NightlySchedule: PlannedStarts {
    public func nextStartInstant(after epochSeconds: Int64) -> Int64? { nextStart(after: epochSeconds)?.epochSeconds }
    public func latestStartInstant(atOrBefore epochSeconds: Int64) -> Int64? {
        latestStart(atOrBefore: epochSeconds)?.epochSeconds
    }
}
