import Logging
import Synchronization
import WinddownCore

/// The nightly schedule's requests, and its starts.
extension DaemonCore {
    /// `next`, `snooze`, `schedule on|off`: each answers with `next_run`.
    func scheduleResponse(_ request: ControlRequest, _ scheduler: NightlyScheduler) -> ControlResponse {
        func nextRun(_ timestamp: ControlTimestamp?) -> JSONValue { timestamp.map { .string($0.description) } ?? .null }
        func answer(_ fields: JSONObject, next: ControlTimestamp?) -> ControlResponse {
            var fields = fields
            fields["next_run"] = nextRun(next)
            if let night = nextNight(next) { fields["next_night"] = night.toJSON() }
            return .success(fields)
        }
        switch request {
        case .snooze:
            do {
                let (skipped, next) = try scheduler.snooze()
                observer(.changed)
                return answer(["snoozed": .string(skipped.description)], next: next)
            } catch {
                return .failure(error.description)
            }
        case .schedule(let enabled):
            do {
                let next = try scheduler.setEnabled(enabled)
                observer(.changed)
                return answer(["schedule": .string(enabled ? "on" : "off")], next: next)
            } catch {
                return .failure(error.description)
            }
        default:
            return answer(["schedule": .string(scheduler.isEnabled ? "on" : "off")], next: scheduler.nextRun)
        }
    }

    /// What the night starting at `start` plays, by the configuration in force.
    func nextNight(_ start: ControlTimestamp?) -> NextNight? {
        guard let start else { return nil }
        return state.withLock { NextNight($0.configuration, startingAt: start) }
    }

    /// A start of the nightly schedule: a session like `start` with the
    /// configured routine, unless one is already playing (started by hand).
    func startScheduled(_ due: NightlyScheduler.DueStart) {
        // Milliseconds when on time (what the firing-delay benchmark reads), seconds when caught up late.
        let lateness = due.lateness < 1 ? "\((due.lateness * 10_000).rounded() / 10) ms" : "\(Int64(due.lateness)) s"
        guard isIdle else {
            logger.notice("the nightly session of \(due.planned) is due, but a session is already running; not starting a second one")
            return
        }
        logger.notice("starting the nightly session of \(due.planned) (\(lateness) after its time)")
        start(routine: nil, duration: nil, nightStartingAt: due.planned, trigger: .schedule) { [logger] response in
            if case .failure(let message) = response { logger.error("the nightly session did not start: \(message)") }
        }
    }
}
