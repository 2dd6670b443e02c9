#if canImport(Glibc)
    import Glibc
#endif
public import Logging
import Dispatch
import Synchronization
public import Threads

/// A playlist of sound files as a mix source. A decoder thread of its own
/// reads, levels, resamples and crossfades ahead into a lock-free ring; the
/// audio thread only copies out of the ring, so a slow disk can never make
/// it wait (it would hear silence instead, and the ring is seconds deep).
public final class FileSource: SoundSource {
    public struct Options: Sendable {
        public var loop: Bool
        public var shuffle: Bool
        public var seed: UInt64
        public var crossfadeSeconds: Double
        /// Loudness (LUFS) each file is levelled to; nil leaves files as they are.
        public var targetLoudness: Double?
        public var bufferSeconds: Double
        /// Playing in real time, a late decoder costs a moment of silence,
        /// never a wait. Rendering offline (or to a device that does not
        /// pace), `render` instead waits for the decoder, so nothing is lost.
        public var realTime: Bool

        public init(
            loop: Bool = true, shuffle: Bool = true, seed: UInt64 = 0, crossfadeSeconds: Double = 3,
            targetLoudness: Double? = VolumeScale.referenceLoudness, bufferSeconds: Double = 1, realTime: Bool = true
        ) {
            self.loop = loop
            self.shuffle = shuffle
            self.seed = seed
            self.crossfadeSeconds = crossfadeSeconds
            self.targetLoudness = targetLoudness
            self.bufferSeconds = bufferSeconds
            self.realTime = realTime
        }
    }

    private let ring: SampleRing
    private let state: DecoderState
    private let thread: JoinableThread
    private let realTime: Bool

    /// Starts decoding at once and returns when the first second is ready
    /// (or the playlist turned out to be shorter than that).
    public init(playlist: Playlist, sampleRate: Int, options: Options = Options(), logger: Logger) throws(WorkerThread.StartError) {
        let ring = SampleRing(minimumCapacity: 2 * Int(options.bufferSeconds * Double(sampleRate)))
        let state = DecoderState()
        let decoder = PlaylistDecoder(
            playlist: playlist,
            options: .init(
                sampleRate: sampleRate, loop: options.loop, shuffle: options.shuffle, seed: options.seed,
                crossfadeSeconds: options.crossfadeSeconds, targetLoudness: options.targetLoudness),
            logger: logger)
        self.ring = ring
        self.state = state
        realTime = options.realTime
        let job = DecoderJob(
            decoder: decoder, ring: ring, state: state, realTime: options.realTime,
            idleMicroseconds: UInt32(options.bufferSeconds * 100_000))
        thread = try WorkerThread.start { job.run() }
        let warmUp = min(sampleRate, ring.capacityFloats / 4)
        while ring.available < 2 * warmUp && !state.finished.load(ordering: .acquiring) {
            usleep(2_000)
        }
    }

    deinit {
        state.stopRequested.store(true, ordering: .releasing)
        thread.join()
    }

    public func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        if !realTime {
            while ring.available < 2 * frameCount && !state.finished.load(ordering: .acquiring) {
                _ = state.dataWritten.wait(timeout: .now() + .milliseconds(100))
            }
        }
        let got = ring.read(into: buffer, count: 2 * frameCount) / 2
        if !realTime { state.spaceFreed.signal() }
        if got < frameCount {
            for i in (2 * got)..<(2 * frameCount) { buffer[i] = 0 }
            // Short because the decoder fell behind: keep going in silence.
            // Short because the playlist is over: end.
            if state.finished.load(ordering: .acquiring) && ring.available == 0 { return got }
            return frameCount
        }
        return frameCount
    }
}

/// Flags shared between a FileSource and its decoder thread, and, when
/// rendering offline, the signals each side waits on instead of polling.
final class DecoderState: Sendable {
    let stopRequested = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    let dataWritten = DispatchSemaphore(value: 0)
    let spaceFreed = DispatchSemaphore(value: 0)
}

/// The decoder thread's loop: keep the ring topped up, sleep when it is full.
private final class DecoderJob: @unchecked Sendable {
    // @unchecked: the decoder is used only by the decoder thread after hand-over.
    let decoder: PlaylistDecoder
    let ring: SampleRing
    let state: DecoderState
    let realTime: Bool
    let idleMicroseconds: UInt32

    init(decoder: PlaylistDecoder, ring: SampleRing, state: DecoderState, realTime: Bool, idleMicroseconds: UInt32) {
        self.decoder = decoder
        self.ring = ring
        self.state = state
        self.realTime = realTime
        self.idleMicroseconds = idleMicroseconds
    }

    func run() {
        let chunkFrames = 4096
        var chunk = [Float](repeating: 0, count: 2 * chunkFrames)
        while !state.stopRequested.load(ordering: .acquiring) {
            if ring.space < 2 * chunkFrames {
                // Real time: the ring is seconds deep, so waking a few times a
                // second is plenty (and cheap on a Raspberry Pi). Offline: the
                // renderer signals as soon as it has taken audio.
                if realTime {
                    usleep(idleMicroseconds)
                } else {
                    _ = state.spaceFreed.wait(timeout: .now() + .milliseconds(100))
                }
                continue
            }
            let produced = chunk.withUnsafeMutableBufferPointer { decoder.produce(into: $0.baseAddress!, frames: chunkFrames) }
            chunk.withUnsafeBufferPointer { _ = ring.write($0.baseAddress!, count: 2 * produced) }
            if !realTime { state.dataWritten.signal() }
            if decoder.finished {
                state.finished.store(true, ordering: .releasing)
                return
            }
        }
    }
}
