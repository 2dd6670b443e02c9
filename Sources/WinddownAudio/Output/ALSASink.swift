public import ALSA
#if canImport(Glibc)
    import Glibc
#endif

/// Plays the mix on an ALSA PCM.
///
/// Recovery is one switch on the error: an underrun is fixed by
/// `prepare`, a system suspend by `resume` (or `prepare`), and anything
/// else means the device is gone: `write` then throws `.deviceLost` and
/// the engine keeps time on its own until `open()` works again. After any
/// gap the sound ramps back in over a few milliseconds, so a recovery
/// never pops.
public final class ALSASink: AudioSink {
    public let device: String
    public var name: String { device }
    public var label: String { "ALSA device \"\(device)\"" }
    public let request: PlaybackRequest
    public private(set) var configuration: PlaybackConfiguration?
    public private(set) var sampleRate: Int
    /// Underruns and suspends recovered from, for the log.
    public private(set) var underruns = 0
    public private(set) var suspends = 0

    private var pcm: PCMPlayback?
    private var converter: SampleConverter?
    private var deviceBuffer: UnsafeMutableRawPointer?
    private var deviceBufferFrames = 0

    public init(device: String, request: PlaybackRequest = PlaybackRequest()) {
        self.device = device
        self.request = request
        sampleRate = request.sampleRate
    }

    deinit { deviceBuffer?.deallocate() }

    public var isOpen: Bool { pcm != nil }

    public var recoveredUnderruns: Int { underruns + suspends }

    public func open() throws -> String { try openDevice().description }

    /// Opens (or reopens) the device. The mix rate stays what the first open
    /// negotiated, so a reopen asks for that rate again.
    @discardableResult
    public func openDevice() throws(ALSAError) -> PlaybackConfiguration {
        var wanted = request
        if configuration != nil { wanted.sampleRate = sampleRate }
        let pcm = try PCMPlayback(device: device, request: wanted)
        let config = pcm.configuration
        self.pcm = pcm
        configuration = config
        sampleRate = config.sampleRate
        converter = SampleConverter(format: config.format, channels: config.channels, sampleRate: config.sampleRate)
        return config
    }

    public func close() {
        pcm?.drop()
        pcm = nil
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws {
        guard let pcm, var converter, let config = configuration else {
            throw SinkError(.deviceLost, "\(device): not open")
        }
        ensureDeviceBuffer(frames: frames, bytesPerFrame: config.bytesPerFrame)
        let buffer = deviceBuffer!
        converter.convert(samples, frames: frames, to: buffer)
        self.converter = converter

        var offset = 0
        while offset < frames {
            do {
                offset += try pcm.write(buffer + offset * config.bytesPerFrame, frames: frames - offset)
            } catch {
                try recover(from: error, pcm: pcm)
            }
        }
    }

    public func delayFrames() -> Int {
        (try? pcm?.delay()) ?? 0
    }

    public func finish() throws {
        guard let pcm else { return }
        do { try pcm.drain() } catch {
            // A device that vanished during the drain has nothing left to play.
        }
        self.pcm = nil
    }

    private func recover(from error: ALSAError, pcm: PCMPlayback) throws {
        if error.isUnderrun {
            underruns += 1
            do { try pcm.prepare() } catch { throw lost(error) }
            startRamp()
            return
        }
        if error.isSuspended {
            suspends += 1
            // Wait up to a second for the device to wake, then fall back to prepare.
            for _ in 0..<100 {
                do {
                    try pcm.resume()
                    break
                } catch where error.isWouldBlock {
                    usleep(10_000)
                } catch {
                    break
                }
            }
            do { try pcm.prepare() } catch { throw lost(error) }
            startRamp()
            return
        }
        throw lost(error)
    }

    private func lost(_ error: ALSAError) -> SinkError {
        pcm = nil
        return SinkError(.deviceLost, error.description)
    }

    private func startRamp() { converter?.startRamp() }

    private func ensureDeviceBuffer(frames: Int, bytesPerFrame: Int) {
        guard frames > deviceBufferFrames || deviceBuffer == nil else { return }
        deviceBuffer?.deallocate()
        deviceBuffer = .allocate(byteCount: frames * max(bytesPerFrame, 8), alignment: 16)
        deviceBufferFrames = frames
    }
}
