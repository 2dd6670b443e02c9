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
        let problem: String
        switch file.read() {
        case .missing: return ScheduleState()
        case .unreadable(let reason): problem = reason
        case .bytes(let bytes):
            do {
                return try ScheduleState(json: try JSONParser(maximumLength: 65_536).parse(bytes))
            } catch let error as JSONParseError {
                problem = "not valid JSON: \(error)"
            } catch {
                problem = "\(error)"
            }
        }
        let aside = file.moveAside(now: Int64(time(nil)))
        logger.error(
            "the schedule state \(file.path) is unusable (\(problem)); \(aside.map { "moved it to \($0), " } ?? "")starting on defaults")
        return ScheduleState()
    }

    /// Writes `state`; failure is logged (the schedule goes on from memory).
    func save(_ state: ScheduleState, utcOffset: (Int64) -> Int) {
        do {
            try file.write(Array((state.toJSON(utcOffset: utcOffset).encoded() + "\n").utf8))
        } catch {
            logger.error("\(error)")
        }
    }
}
