public import SndFile

/// Writes the mix to a WAV file as fast as it is produced: `winddownd render`.
public final class WAVFileSink: AudioSink {
    public let sampleRate: Int
    private let writer: SoundFileWriter

    public init(path: String, sampleRate: Int, encoding: SoundFileWriter.Encoding = .pcm16) throws(SndFileError) {
        self.sampleRate = sampleRate
        writer = try SoundFileWriter(path: path, sampleRate: sampleRate, channels: 2, encoding: encoding)
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws {
        do { try writer.write(samples, frames: frames) } catch {
            throw SinkError(.writeFailed, error.description)
        }
    }

    public func delayFrames() -> Int { 0 }

    public func finish() throws { writer.close() }
}
