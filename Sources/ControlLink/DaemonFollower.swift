#if canImport(Glibc)
    import Glibc
#endif
public import Logging
public import WinddownCore

/// A bridge's link to the daemon, kept up for as long as the bridge runs:
/// a `DaemonWatch` while the daemon is there, and tries to connect again
/// with backoff (1 s, doubling up to 10 s) while it is not. An outage is
/// logged when it begins and when it ends, and the tries in between only
/// at debug level. The bridge's loop owns the clock and the poll set; it
/// hands each turn's times and readiness in and acts on the events out.
public struct DaemonFollower: ~Copyable {
    public enum Event: Equatable, Sendable {
        case message(DaemonWatch.Message)
        /// The connection broke, or a try to make one failed. `abandoned`
        /// were sent on it and will never be answered; `wasConnected` tells
        /// a broken connection from a failed try.
        case lost(abandoned: [ControlRequest], wasConnected: Bool)
    }

    private let socketPath: String
    private let logger: Logger
    private var watch: DaemonWatch?
    /// When the next try to connect is due; nil while connected.
    public private(set) var retryAt: Duration? = .zero
    private var backoff = ReconnectBackoff(first: .seconds(1), maximum: .seconds(10))
    /// Why the daemon is out of reach, while it is.
    private var trouble: String?

    public init(socketPath: String, logger: Logger) {
        self.socketPath = socketPath
        self.logger = logger
    }

    /// The connection's descriptor for the loop's poll set, -1 while there is none.
    public var descriptor: Int32 { watch?.descriptor ?? -1 }

    /// What to poll `descriptor` for.
    public var pollEvents: Int16 { Int16(POLLIN) | (watch?.wantsWrite == true ? Int16(POLLOUT) : 0) }

    /// Sends `request` on the connection; false when there is none, and then nothing was sent.
    public func send(_ request: ControlRequest) -> Bool {
        guard let watch else { return false }
        watch.send(request)
        return true
    }

    /// Tries to connect when a try is due.
    public mutating func connectIfDue(now: Duration) -> [Event] {
        guard let retryAt, now >= retryAt else { return [] }
        self.retryAt = nil
        do {
            watch = try DaemonWatch(path: socketPath)
            return []
        } catch {
            return [lost(error.message, now: now)]
        }
    }

    /// One turn of the loop: reads and writes as the poll said the
    /// connection allows. `descriptor` and `revents` are the poll set's
    /// entry; one for an older connection is ignored.
    public mutating func service(descriptor polled: Int32, revents: Int16, now: Duration) -> [Event] {
        guard let watch, polled == watch.descriptor, revents != 0 else { return [] }
        let (messages, ended) = watch.service(revents)
        var events: [Event] = []
        for message in messages {
            if case .watching = message { connected() }
            events.append(.message(message))
        }
        if let ended { events.append(lost(ended.message, now: now)) }
        return events
    }

    /// Writes what is queued now rather than at the next poll.
    public mutating func flush(now: Duration) -> [Event] {
        guard let watch, watch.wantsWrite else { return [] }
        do { try watch.write() } catch { return [lost(error.message, now: now)] }
        return []
    }

    private mutating func connected() {
        backoff.succeeded()
        if trouble != nil {
            logger.notice("winddownd is back (\(socketPath))")
        } else {
            logger.info("following winddownd at \(socketPath)")
        }
        trouble = nil
    }

    private mutating func lost(_ reason: String, now: Duration) -> Event {
        let abandoned = watch?.abandon() ?? []
        let wasConnected = watch != nil
        watch = nil
        let delay = backoff.nextDelay()
        retryAt = now + delay
        if trouble == nil {
            logger.warning("\(reason); trying again with backoff (up to \(backoff.maximum.components.seconds) s apart)")
        } else {
            logger.debug("\(reason); next try in \(delay)")
        }
        trouble = reason
        return .lost(abandoned: abandoned, wasConnected: wasConnected)
    }
}
