import CSndFile

/// A WAV file being written through libsndfile. Owns the handle; `close()`
/// (or deinit) finalises the header.
public final class SoundFileWriter {
    public enum Encoding: Sendable {
        case pcm16
        case float32
    }

    public let path: String
    public let sampleRate: Int
    public let channels: Int
    private var handle: OpaquePointer?

    public init(path: String, sampleRate: Int, channels: Int, encoding: Encoding = .pcm16) throws(SndFileError) {
        let sub = encoding == .pcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_FLOAT
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = Int32(SF_FORMAT_WAV | sub)
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw SndFileError(path: path, operation: "create", handle: nil)
        }
        self.path = path
        self.sampleRate = sampleRate
        self.channels = channels
        self.handle = handle
        // Float-to-integer conversion clips rather than wraps, should anything stray past full scale.
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    }

    deinit { close() }

    /// Writes interleaved frames of `channels` floats.
    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws(SndFileError) {
        guard let handle else { throw SndFileError(path: path, operation: "write", message: "file already closed") }
        let done = sf_writef_float(handle, samples, sf_count_t(frames))
        if done != frames { throw SndFileError(path: path, operation: "write", handle: handle) }
    }

    /// Writes interleaved frames of `channels` 16-bit samples as they are.
    public func write(_ samples: UnsafePointer<Int16>, frames: Int) throws(SndFileError) {
        guard let handle else { throw SndFileError(path: path, operation: "write", message: "file already closed") }
        let done = sf_writef_short(handle, samples, sf_count_t(frames))
        if done != frames { throw SndFileError(path: path, operation: "write", handle: handle) }
    }

    public func close() {
        if let handle { sf_close(handle) }
        handle = nil
    }
}
