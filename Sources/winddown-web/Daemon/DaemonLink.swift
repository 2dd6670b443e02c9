#if canImport(Glibc)
    import Glibc
#endif
import CLinux
import ControlLink
import Synchronization
import Threads
import WinddownCore

/// The web server's one connection to the daemon: a thread of its own
/// polls a `DaemonWatch` (so every status change arrives as it happens,
/// with no polling) and carries the page's requests on the same
/// connection. Async handlers hand requests over and wait for their
/// answers; event streams subscribe to the status. When the daemon is
/// down every request fails at once, the status says so, and the link
/// retries with backoff.
final class DaemonLink: Sendable {
    enum Update: Sendable, Equatable {
        case status(StatusReport)
        /// Not connected; the reason, for the page.
        case down(String)
    }

    /// The daemon is not there, or stopped answering.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    private struct State {
        var queued: [(ControlRequest, CheckedContinuation<ControlResponse, any Error>)] = []
        var subscribers: [UInt64: AsyncStream<Update>.Continuation] = [:]
        var nextSubscriber: UInt64 = 0
        var latest = Update.down("connecting to winddownd")
        var stopping = false
    }

    /// A request unanswered this long means the daemon is stuck: the connection is dropped.
    static let answerTimeout: Duration = .seconds(10)
    /// Requests sent and not yet answered at once (the daemon queues 32 per
    /// connection); the rest wait here, so a burst never looks like a stuck daemon.
    static let maximumInFlight = 32
    /// Requests waiting to be sent; past this a request is refused at once (503), not queued.
    static let maximumQueued = 1024

    private let state = Mutex(State())
    private let wakeDescriptor: Int32
    private let path: String
    private let thread: Mutex<JoinableThread?> = Mutex(nil)

    init(path: String) throws {
        self.path = path
        wakeDescriptor = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard wakeDescriptor >= 0 else { throw Unavailable(description: "eventfd() failed: \(String(cString: strerror(errno)))") }
        let started = try WorkerThread.start { [self] in self.run() }
        thread.withLock { $0 = started }
    }

    deinit { close(wakeDescriptor) }

    /// Ends the thread and fails whatever still waits.
    func stop() {
        state.withLock { $0.stopping = true }
        wake()
        thread.withLock { thread in
            thread?.join()
            thread = nil
        }
    }

    /// The daemon's answer to `request`.
    func send(_ request: ControlRequest) async throws -> ControlResponse {
        try await withCheckedThrowingContinuation { continuation in
            let refusal = state.withLock { state -> String? in
                if state.stopping { return "winddown-web is stopping" }
                if state.queued.count >= Self.maximumQueued { return "winddown-web is busy: \(Self.maximumQueued) requests are waiting" }
                state.queued.append((request, continuation))
                return nil
            }
            if let refusal { continuation.resume(throwing: Unavailable(description: refusal)) }
            wake()
        }
    }

    /// The status now, then every change, for as long as the stream is read.
    /// A slow reader sees only the newest few updates (memory stays bounded).
    func updates() -> AsyncStream<Update> {
        let (stream, continuation) = AsyncStream.makeStream(of: Update.self, bufferingPolicy: .bufferingNewest(4))
        let id = state.withLock { state in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            continuation.yield(state.latest)
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    var latest: Update { state.withLock { $0.latest } }

    private func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(wakeDescriptor, $0.baseAddress, 8) }
    }

    private func publish(_ update: Update) {
        state.withLock { state in
            guard state.latest != update else { return }
            state.latest = update
            for subscriber in state.subscribers.values { subscriber.yield(update) }
        }
    }

    // MARK: The link's thread

    private func run() {
        let clock = ContinuousClock()
        var backoff = ReconnectBackoff(first: .milliseconds(250), maximum: .seconds(5))
        var watch: DaemonWatch?
        var inFlight: [(continuation: CheckedContinuation<ControlResponse, any Error>, sent: ContinuousClock.Instant)] = []
        var retryAt = clock.now
        // The daemon answers one request at a time: the oldest waiting one is
        // late only when nothing at all has been answered for the timeout.
        var answeredAt = clock.now
        func deadline() -> ContinuousClock.Instant? {
            inFlight.first.map { max($0.sent, answeredAt).advanced(by: Self.answerTimeout) }
        }

        func drop(_ reason: String) {
            watch = nil
            for waiting in inFlight { waiting.continuation.resume(throwing: Unavailable(description: reason)) }
            inFlight.removeAll()
            publish(.down(reason))
            retryAt = clock.now.advanced(by: backoff.nextDelay())
        }

        while true {
            if watch == nil, clock.now >= retryAt, !state.withLock({ $0.stopping }) {
                do {
                    watch = try DaemonWatch(path: path)
                    answeredAt = clock.now
                } catch {
                    publish(.down(error.message))
                    retryAt = clock.now.advanced(by: backoff.nextDelay())
                }
            }
            // Only as many as may be in flight (all of them when they are to be refused).
            let room = watch == nil ? Int.max : Self.maximumInFlight - inFlight.count
            let (queued, stopping) = state.withLock { state in
                let count = state.stopping ? state.queued.count : min(state.queued.count, max(0, room))
                let taken = Array(state.queued.prefix(count))
                state.queued.removeFirst(count)
                return (taken, state.stopping)
            }
            if stopping {
                for (_, continuation) in queued { continuation.resume(throwing: Unavailable(description: "winddown-web is stopping")) }
                drop("winddown-web is stopping")
                // Every event stream ends with the link (outside the lock: finishing calls onTermination, which takes it).
                let subscribers = state.withLock { state in
                    defer { state.subscribers.removeAll() }
                    return Array(state.subscribers.values)
                }
                for subscriber in subscribers { subscriber.finish() }
                return
            }
            if let watch {
                for (request, continuation) in queued {
                    watch.send(request)
                    inFlight.append((continuation, clock.now))
                }
            } else {
                let reason = if case .down(let why) = latest { why } else { "winddownd is not connected" }
                for (_, continuation) in queued { continuation.resume(throwing: Unavailable(description: reason)) }
            }

            var descriptors = [pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            if let watch {
                descriptors.append(pollfd(fd: watch.descriptor, events: Int16(POLLIN) | (watch.wantsWrite ? Int16(POLLOUT) : 0), revents: 0))
            }
            // Asleep until something happens: no timer while connected and nothing is waiting.
            var until: ContinuousClock.Instant?
            if watch == nil { until = retryAt }
            if let late = deadline() { until = late }
            let timeout = until.map { Self.milliseconds(clock.now.duration(to: $0)) } ?? -1
            if poll(&descriptors, nfds_t(descriptors.count), timeout) < 0 && errno != EINTR { continue }

            if descriptors[0].revents & Int16(POLLIN) != 0 {
                var counter: UInt64 = 0
                _ = withUnsafeMutableBytes(of: &counter) { read(wakeDescriptor, $0.baseAddress, 8) }
            }
            guard let current = watch, descriptors.count > 1 else { continue }
            let events = descriptors[1].revents
            if events & Int16(POLLOUT) != 0 {
                do { try current.write() } catch {
                    drop(error.message)
                    continue
                }
            }
            if events & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 {
                let (messages, ended) = current.read()
                for message in messages {
                    switch message {
                    case .watching(let report), .status(let report):
                        backoff.succeeded()
                        publish(.status(report))
                    case .answer(_, let response):
                        guard !inFlight.isEmpty else { continue }
                        answeredAt = clock.now
                        inFlight.removeFirst().continuation.resume(returning: response)
                    }
                }
                if let ended {
                    drop(ended.message)
                    continue
                }
            }
            if let late = deadline(), clock.now >= late {
                drop("winddownd did not answer within \(Self.answerTimeout.components.seconds) s (\(path))")
            } else if current.isBacklogged {
                drop("winddownd is not answering (\(path))")
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }
}
