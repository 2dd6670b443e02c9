#if canImport(Glibc)
    import Glibc
#endif
import Logging
import WinddownCore

/// The schedule's memory (`schedule.json` in the state folder): read once
/// at start-up, replaced atomically on every change. A file that cannot be
/// read or makes no sense is moved aside with a log line and the daemon
/// starts on defaults; it never refuses to start because of it.
struct ScheduleStore: Sendable {
    let file: StateFile
    let logger: Logger

    init(folder: String, logger: Logger) {
        file = StateFile(path: folder + "/schedule.json")
        self.logger = logger
    }

    func load() -> ScheduleState {
        file.load("the schedule state", then: "starting on defaults", logger: logger) { try ScheduleState(json: $0) }
            ?? ScheduleState()
    }

    /// Writes `state`; failure is logged and thrown.
    func save(_ state: ScheduleState, utcOffset: (Int64) -> Int) throws(StateFileError) {
        do {
            try file.write(Array((state.toJSON(utcOffset: utcOffset).encoded() + "\n").utf8))
        } catch {
            logger.error("\(error)")
            throw error
        }
    }
}
