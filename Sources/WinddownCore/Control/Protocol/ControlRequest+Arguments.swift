extension ControlRequest {
    /// `start` from command-line text, checked as the daemon checks the
    /// request line: a routine name (`[a-z0-9-]`) or path, and a duration
    /// such as `15m` within `session.duration`'s range.
    public static func start(routineText: String?, durationText: String?) throws(ControlProtocolError) -> ControlRequest {
        var routine: RoutineReference?
        var duration: Duration?
        if let routineText { routine = try ControlValue.routine(routineText) }
        if let durationText { duration = try ControlValue.sessionDuration(durationText) }
        if let routine, case .file(let path) = routine, path.contains(where: { $0 == " " || $0 == "\t" }) {
            throw ControlProtocolError(.badArgument, "start: routine paths cannot hold spaces or tabs on the request line")
        }
        return .start(routine: routine, duration: duration)
    }

    /// `history N` from command-line text: a whole number from 1, capped
    /// at `maximumHistoryLimit`.
    public static func history(countText: String) throws(ControlProtocolError) -> ControlRequest {
        .history(limit: try ControlValue.historyLimit(countText))
    }
}
