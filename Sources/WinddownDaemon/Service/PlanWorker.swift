import Synchronization
import Threads
import WinddownCore

/// Lays out the plans of sessions not yet begun, one at a time on a thread
/// of its own (started when there is work, gone when there is none), so
/// that the control server never waits on the disk and a burst of `plan`
/// requests costs one thread, not one each. The last few plans are kept a
/// minute: a page asks for the same plan again and again.
final class PlanWorker: Sendable {
    struct Entry: Sendable {
        var configuration: Configuration
        var cautionHeard: Bool
        var made: Duration
        var response: ControlResponse
    }

    /// Long enough to spare the disk while pages load; short enough that
    /// new voice clips or an edited routine file show within a minute.
    static let lifetime: Duration = .seconds(60)
    static let keptPlans = 8

    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var running = false
        var kept: [Entry] = []
    }

    private let state = Mutex(State())

    /// Runs `job` after the ones before it.
    func submit(_ job: @escaping @Sendable () -> Void) throws(WorkerThread.StartError) {
        let start = state.withLock { state -> Bool in
            state.jobs.append(job)
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return }
        do {
            try WorkerThread.detach { self.drain() }
        } catch {
            state.withLock { state in
                state.running = false
                state.jobs.removeAll()
            }
            throw error
        }
    }

    private func drain() {
        while let job = state.withLock({ state -> (@Sendable () -> Void)? in
            guard !state.jobs.isEmpty else {
                state.running = false
                return nil
            }
            return state.jobs.removeFirst()
        }) {
            job()
        }
    }

    /// A plan made from the same configuration within the lifetime.
    func kept(_ configuration: Configuration, cautionHeard: Bool, now: Duration) -> ControlResponse? {
        state.withLock { state in
            state.kept.first {
                $0.configuration == configuration && $0.cautionHeard == cautionHeard && now - $0.made < Self.lifetime
            }?.response
        }
    }

    func keep(_ entry: Entry) {
        state.withLock { state in
            state.kept.removeAll { $0.configuration == entry.configuration && $0.cautionHeard == entry.cautionHeard }
            state.kept.insert(entry, at: 0)
            if state.kept.count > Self.keptPlans { state.kept.removeLast() }
        }
    }
}
