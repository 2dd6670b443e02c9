import ALSA
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// Where the session's Snapcast link and the audio thread meet. The link
/// (its own thread) connects the stream socket once the rooms are set and
/// offers it here; the sink takes it when it next opens. The link can
/// revoke the stream (rooms no longer known to be set), and the sink asks
/// for a new one by a byte on a pipe the link polls: neither side ever
/// waits for the other.
public final class SnapcastStreamHandOff: Sendable {
    private let offered = Atomic<Int32>(-1)
    private let generation = Atomic<Int>(0)
    private let wanted = Atomic<Bool>(true)
    /// The link polls `wakeDescriptor`; the sink writes to the other end.
    public let wakeDescriptor: Int32
    private let signalDescriptor: Int32

    public init() throws(SinkError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SinkError(.deviceLost, "pipe(): \(String(cString: strerror(errno)))") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakeDescriptor = ends[0]
        signalDescriptor = ends[1]
    }

    deinit {
        let left = offered.exchange(-1, ordering: .acquiringAndReleasing)
        if left >= 0 { close(left) }
        close(wakeDescriptor)
        close(signalDescriptor)
    }

    // MARK: The link's side

    /// Whether the sink is waiting for a stream socket.
    public var wantsStream: Bool { wanted.load(ordering: .acquiring) && offered.load(ordering: .acquiring) < 0 }

    /// Gives the sink a connected stream socket (it owns it from now on).
    public func offer(_ descriptor: Int32) {
        wanted.store(false, ordering: .releasing)
        let earlier = offered.exchange(descriptor, ordering: .acquiringAndReleasing)
        if earlier >= 0 { close(earlier) }
    }

    /// The sink stops writing at its next block and closes its socket.
    public func revoke() {
        generation.add(1, ordering: .acquiringAndReleasing)
        let earlier = offered.exchange(-1, ordering: .acquiringAndReleasing)
        if earlier >= 0 { close(earlier) }
    }

    /// Wakes the link's poll (the daemon has news for it).
    public func wakeLink() {
        var byte: UInt8 = 1
        _ = write(signalDescriptor, &byte, 1)
    }

    /// Empties the wake pipe after a poll said it is readable.
    public func drainWake() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
    }

    // MARK: The sink's side

    fileprivate var hasOffer: Bool { offered.load(ordering: .acquiring) >= 0 }

    fileprivate func take() -> (descriptor: Int32, generation: Int)? {
        let current = generation.load(ordering: .acquiring)
        let descriptor = offered.exchange(-1, ordering: .acquiringAndReleasing)
        return descriptor >= 0 ? (descriptor, current) : nil
    }

    fileprivate func isCurrent(_ taken: Int) -> Bool { generation.load(ordering: .acquiring) == taken }

    fileprivate func askForStream() {
        wanted.store(true, ordering: .releasing)
        // A full pipe already says it.
        wakeLink()
    }
}

/// Plays the mix to a Snapcast server's TCP stream source, which reads
/// 48000:16:2 PCM. Writing never blocks: what the socket cannot take yet
/// waits in a buffer of two seconds, and a server that takes nothing for
/// that long is lost like an unplugged device. The engine keeps the
/// stream in real time, as it does for every live output.
public final class SnapcastSink: AudioSink {
    public static let streamRate = 48_000
    /// Bytes a frame of 16-bit stereo takes.
    private static let bytesPerFrame = 4
    /// What may wait for the socket.
    public static let bufferSeconds = 2

    public let server: String
    public let handOff: SnapcastStreamHandOff
    public var name: String { server }
    public var label: String { "Snapcast server \"\(server)\"" }
    public let sampleRate = SnapcastSink.streamRate
    public let recoveredUnderruns = 0

    private var descriptor: Int32 = -1
    private var generation = 0
    private var converter = SampleConverter(format: .signed16, channels: 2, sampleRate: SnapcastSink.streamRate)
    private let pending: UnsafeMutableRawPointer
    private let capacity = SnapcastSink.bufferSeconds * SnapcastSink.streamRate * SnapcastSink.bytesPerFrame
    private var pendingStart = 0
    private var pendingCount = 0

    /// `server`: `host:port` of the stream source, for the log.
    public init(server: String, handOff: SnapcastStreamHandOff) {
        self.server = server
        self.handOff = handOff
        pending = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        pending.deallocate()
    }

    public var isOpen: Bool { descriptor >= 0 }

    public var isReadyToReopen: Bool { handOff.hasOffer }

    public func open() throws -> String {
        guard let (taken, generation) = handOff.take() else {
            handOff.askForStream()
            throw SinkError(.deviceLost, "not connected: the rooms are not set yet")
        }
        descriptor = taken
        self.generation = generation
        (pendingStart, pendingCount) = (0, 0)
        converter.startRamp()
        return "48000 Hz, 16-bit stereo"
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws {
        guard descriptor >= 0 else { throw SinkError(.deviceLost, "not connected") }
        guard handOff.isCurrent(generation) else { throw lost("the rooms are being set again") }
        let bytes = frames * Self.bytesPerFrame
        if pendingStart + pendingCount + bytes > capacity, pendingStart > 0 {
            pending.copyMemory(from: pending + pendingStart, byteCount: pendingCount)
            pendingStart = 0
        }
        guard pendingCount + bytes <= capacity else {
            throw lost("the server took no audio for \(Self.bufferSeconds) s")
        }
        converter.convert(samples, frames: frames, to: pending + pendingStart + pendingCount)
        pendingCount += bytes
        try flush()
    }

    /// Sends what the socket takes now.
    private func flush() throws {
        while pendingCount > 0 {
            let sent = send(descriptor, pending + pendingStart, pendingCount, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            if sent > 0 {
                pendingStart += sent
                pendingCount -= sent
                continue
            }
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            throw lost(sent == 0 ? "the connection closed" : "send(): \(String(cString: strerror(errno)))")
        }
        if pendingCount == 0 { pendingStart = 0 }
    }

    public func delayFrames() -> Int { pendingCount / Self.bytesPerFrame }

    public func finish() throws {
        // What the socket still cannot take is the session's silent end.
        try? flush()
        close()
    }

    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    private func lost(_ reason: String) -> SinkError {
        close()
        handOff.askForStream()
        return SinkError(.deviceLost, reason)
    }
}
