import Synchronization

/// Where the finished mix goes: interleaved stereo floats at `sampleRate`.
/// After MPD's output plugins: open, play, delay, drain, close. The engine
/// knows nothing else of a sink, so a device, a file and a capture in
/// memory all play the same loop.
public protocol AudioSink: AnyObject {
    /// For the log: a device name, a file path.
    var name: String { get }
    /// What the log calls it, such as `ALSA device "default"`.
    var label: String { get }
    /// A closed sink that knows it would open now (a stream handed to it):
    /// the engine tries at once rather than when its back-off says.
    var isReadyToReopen: Bool { get }
    /// The rate the mix must run at, once open.
    var sampleRate: Int { get }
    var isOpen: Bool { get }
    /// Opens (or reopens, after a loss); returns what was opened, for the log.
    func open() throws -> String
    /// Takes all `frames` frames, blocking as long as the device needs.
    func write(_ samples: UnsafePointer<Float>, frames: Int) throws
    /// Frames taken but not yet heard.
    func delayFrames() -> Int
    /// Underruns and suspends recovered from so far.
    var recoveredUnderruns: Int { get }
    /// Lets everything written be heard, then closes.
    func finish() throws
    /// Closes at once, dropping what has not been heard yet (after a stop,
    /// only the end of its fade). A file keeps everything: the same as `finish`.
    func close()
}

extension AudioSink {
    public var label: String { "\"\(name)\"" }
    public var isReadyToReopen: Bool { false }
}

/// Keeps everything written in memory, in a buffer allocated up front (so
/// writing never allocates): what engine tests listen to.
public final class CaptureSink: AudioSink {
    public let name = "capture"
    public let sampleRate: Int
    public private(set) var isOpen = false
    public let recoveredUnderruns = 0
    /// Where the samples go; keep it to read them once the engine is done.
    public let buffer: CaptureBuffer

    public init(sampleRate: Int, capacityFrames: Int) {
        self.sampleRate = sampleRate
        buffer = CaptureBuffer(capacityFrames: capacityFrames)
    }

    public func open() throws -> String {
        isOpen = true
        return "memory, \(sampleRate) Hz"
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws { buffer.append(samples, frames: frames) }

    public func delayFrames() -> Int { 0 }

    public func finish() throws {
        isOpen = false
        buffer.finish()
    }

    public func close() { try? finish() }
}

/// Interleaved stereo written by one thread and read by another once finished.
public final class CaptureBuffer: @unchecked Sendable {
    // @unchecked: only the writer touches `storage` until `finish` (a releasing
    // store), and readers wait for `isFinished` (an acquiring load) first.
    private let storage: UnsafeMutableBufferPointer<Float>
    private var written = 0
    private let finished = Atomic<Bool>(false)
    /// Frames that did not fit.
    public private(set) var droppedFrames = 0

    init(capacityFrames: Int) {
        storage = .allocate(capacity: 2 * max(0, capacityFrames))
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    func append(_ samples: UnsafePointer<Float>, frames: Int) {
        let fits = min(frames, storage.count / 2 - written / 2)
        for i in 0..<(2 * fits) { storage[written + i] = samples[i] }
        written += 2 * fits
        droppedFrames += frames - fits
    }

    func finish() { finished.store(true, ordering: .releasing) }

    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// What was written, once the sink has finished (empty before).
    public var samples: [Float] { isFinished ? Array(storage[0..<written]) : [] }
}
