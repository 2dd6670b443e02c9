import Glibc
import Synchronization

/// Hands journal entries to one writer thread, so that logging never waits
/// on journald: the caller only appends to a bounded queue. When journald
/// falls behind and the queue is full, entries are dropped and counted, and
/// one warning saying how many follows once the writer catches up.
public final class JournalSender: Sendable {
    /// Counts since the sender started.
    public struct Statistics: Sendable, Equatable {
        /// Entries libsystemd accepted (without a journal it accepts and discards them).
        public var sent = 0
        /// Entries dropped because the queue was full.
        public var dropped = 0
        /// Entries libsystemd refused, and its last error.
        public var failed = 0
        public var lastError: SystemdError?
    }

    private struct State {
        var queue: [[String]] = []
        var inFlight = 0
        var droppedSinceNote = 0
        var statistics = Statistics()
    }

    /// The process-wide sender the journal handler uses.
    public static let shared = JournalSender()

    let capacity: Int
    private let transmit: @Sendable ([String]) throws(SystemdError) -> Void
    private let state = Mutex(State())
    private let wakeUp: Semaphore

    /// - Parameters:
    ///   - capacity: entries that may wait for the writer before new ones are dropped.
    ///   - transmit: sends one entry; libsystemd's `sd_journal_sendv` unless a test replaces it.
    init(
        capacity: Int = 1024,
        transmit: @escaping @Sendable ([String]) throws(SystemdError) -> Void = { fields throws(SystemdError) in
            try Journal.send(fields)
        }
    ) {
        self.capacity = capacity
        self.transmit = transmit
        self.wakeUp = Semaphore()
        let retained = Unmanaged.passRetained(self).toOpaque()  // the writer keeps the sender alive
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<JournalSender>.fromOpaque(context!).takeUnretainedValue().writerLoop()
        }, retained)
        precondition(created == 0, "pthread_create for the journal writer failed: \(created)")
        pthread_detach(thread)
    }

    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Queues one entry; returns at once. `false` when it was dropped.
    @discardableResult
    public func enqueue(_ fields: [String]) -> Bool {
        let accepted = state.withLock { state in
            guard state.queue.count < capacity else {
                state.statistics.dropped += 1
                state.droppedSinceNote += 1
                return false
            }
            state.queue.append(fields)
            return true
        }
        if accepted { wakeUp.signal() }
        return accepted
    }

    /// Waits (polling every millisecond) until every queued entry went out,
    /// or `timeout` passed; for shutdown. Returns whether the queue drained.
    @discardableResult
    public func flush(timeout: Duration = .seconds(2)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if state.withLock({ $0.queue.isEmpty && $0.inFlight == 0 }) { return true }
            if ContinuousClock.now >= deadline { return false }
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
    }

    private func writerLoop() -> Never {
        while true {
            wakeUp.wait()
            let batch = state.withLock { state in
                var batch: [[String]] = []
                swap(&batch, &state.queue)
                state.inFlight = batch.count
                return batch
            }
            for fields in batch { deliver(fields) }
            // The note goes out once the backlog is through, after the entries it follows.
            let dropped = state.withLock { state in
                let dropped = state.queue.isEmpty ? state.droppedSinceNote : 0
                state.droppedSinceNote -= dropped
                state.inFlight = dropped > 0 ? 1 : 0
                return dropped
            }
            if dropped > 0 {
                deliver(Self.dropNote(dropped))
                state.withLock { $0.inFlight = 0 }
            }
        }
    }

    private func deliver(_ fields: [String]) {
        do throws(SystemdError) {
            try transmit(fields)
            state.withLock { $0.statistics.sent += 1 }
        } catch {
            state.withLock {
                $0.statistics.failed += 1
                $0.statistics.lastError = error
            }
        }
    }

    static func dropNote(_ count: Int) -> [String] {
        [
            "MESSAGE=journald did not keep up: \(count) log \(count == 1 ? "entry" : "entries") dropped",
            "PRIORITY=4",
            "SYSLOG_IDENTIFIER=\(JournalFields.identifier)",
            "WINDDOWN_DROPPED=\(count)",
        ]
    }
}

/// A POSIX semaphore on the heap (its address must not move).
private final class Semaphore: Sendable {
    private nonisolated(unsafe) let handle: UnsafeMutablePointer<sem_t>

    init() {
        handle = .allocate(capacity: 1)
        sem_init(handle, 0, 0)
    }

    deinit {
        sem_destroy(handle)
        handle.deallocate()
    }

    func signal() { sem_post(handle) }

    func wait() {
        while sem_wait(handle) != 0 && errno == EINTR {}
    }
}
