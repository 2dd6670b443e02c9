import CSndFile

/// A sound file opened for reading through libsndfile (WAV, FLAC, Ogg Vorbis/Opus, MP3, …).
/// Owns the `SNDFILE` handle. Not thread-safe; one reader per thread.
public final class SoundFileReader {
    public let path: String
    public let sampleRate: Int
    public let channels: Int
    /// Length in frames as the file header states it (may be an estimate for MP3).
    public let frameCount: Int
    /// A short name of the container and encoding, e.g. "FLAC 16-bit".
    public let formatName: String
    private let handle: OpaquePointer

    public init(path: String) throws(SndFileError) {
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw SndFileError(path: path, operation: "open for reading", handle: nil)
        }
        guard info.channels > 0, info.samplerate > 0 else {
            sf_close(handle)
            throw SndFileError(path: path, operation: "read", message: "no audio channels or sample rate in the header")
        }
        self.path = path
        self.handle = handle
        self.sampleRate = Int(info.samplerate)
        self.channels = Int(info.channels)
        self.frameCount = Int(info.frames)
        self.formatName = Self.describe(format: info.format)
        // Decode integer formats to floats in [-1, 1].
        sf_command(handle, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
    }

    deinit { sf_close(handle) }

    public var durationSeconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Reads up to `frames` interleaved frames (`channels` floats each). Returns 0 at the end.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws(SndFileError) -> Int {
        let got = sf_readf_float(handle, buffer, sf_count_t(frames))
        if got < frames, sf_error(handle) != SF_ERR_NO_ERROR {
            throw SndFileError(path: path, operation: "decode", handle: handle)
        }
        return Int(got)
    }

    /// Moves to `frame` from the start.
    public func seek(toFrame frame: Int) throws(SndFileError) {
        if sf_seek(handle, sf_count_t(frame), SEEK_SET) < 0 {
            throw SndFileError(path: path, operation: "seek to frame \(frame)", handle: handle)
        }
    }

    private static func describe(format: Int32) -> String {
        let major = format & Int32(SF_FORMAT_TYPEMASK)
        let sub = format & Int32(SF_FORMAT_SUBMASK)
        let container: String =
            switch Int(major) {
            case SF_FORMAT_WAV, SF_FORMAT_WAVEX, SF_FORMAT_RF64: "WAV"
            case SF_FORMAT_FLAC: "FLAC"
            case SF_FORMAT_OGG: "Ogg"
            case SF_FORMAT_MPEG: "MPEG"
            case SF_FORMAT_AIFF: "AIFF"
            default: "format 0x\(String(major, radix: 16))"
            }
        let encoding: String =
            switch Int(sub) {
            case SF_FORMAT_PCM_16: "16-bit"
            case SF_FORMAT_PCM_24: "24-bit"
            case SF_FORMAT_PCM_32: "32-bit"
            case SF_FORMAT_FLOAT: "float"
            case SF_FORMAT_VORBIS: "Vorbis"
            case SF_FORMAT_OPUS: "Opus"
            case SF_FORMAT_MPEG_LAYER_III: "Layer III"
            default: ""
            }
        return encoding.isEmpty ? container : "\(container) \(encoding)"
    }
}
