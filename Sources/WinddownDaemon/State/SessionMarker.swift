#if canImport(Glibc)
    import Glibc
#endif
import Logging
import WinddownCore

/// `session.json` in the state folder: present while a session plays. A
/// daemon that finds it at start-up was killed (or lost power) during a
/// session, which then never reached the history; the marker holds that
/// session's history line, ready to be recorded as failed.
struct SessionMarker: Sendable {
    let file: StateFile
    let logger: Logger

    static let interruptedReason = "the daemon ended during the session (killed, crashed or the power went)"

    init(folder: String, logger: Logger) {
        file = StateFile(path: folder + "/session.json")
        self.logger = logger
    }

    /// Marks a session as playing (written durably before it plays on).
    func begin(started: ControlTimestamp, routine: String, trigger: HistoryEntry.Trigger) {
        let entry = HistoryEntry(
            started: started, ended: nil, routine: routine, outcome: .failed, reason: Self.interruptedReason, trigger: trigger)
        do { try file.write(Array((entry.toJSON().encoded() + "\n").utf8)) } catch { logger.error("\(error)") }
    }

    /// The session ended and is in the history.
    func end() { unlink(file.path) }

    /// The history line of a session the previous daemon did not see to its
    /// end; nil when there was none. An unreadable marker is set aside.
    func interrupted() -> HistoryEntry? {
        file.load("the session marker", then: "so that session is not recorded", logger: logger) { try HistoryEntry(json: $0) }
    }
}
