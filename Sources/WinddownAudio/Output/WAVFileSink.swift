public import SndFile

/// Writes the mix to a WAV file as fast as it is produced: `winddownd render`.
public final class WAVFileSink: AudioSink {
    public let sampleRate: Int
    public let name: String
    public private(set) var isOpen = true
    public let recoveredUnderruns = 0
    private let writer: SoundFileWriter
    private let encoding: SoundFileWriter.Encoding
    /// 16-bit samples converted here: a plain rounding loop is several times
    /// cheaper than libsndfile's clipping float conversion, and a render
    /// converts hundreds of megabytes.
    private var shorts: [Int16] = []

    public init(path: String, sampleRate: Int, encoding: SoundFileWriter.Encoding = .pcm16) throws(SndFileError) {
        self.sampleRate = sampleRate
        self.encoding = encoding
        name = path
        writer = try SoundFileWriter(path: path, sampleRate: sampleRate, channels: 2, encoding: encoding)
    }

    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws {
        do {
            guard encoding == .pcm16 else {
                try writer.write(samples, frames: frames)
                return
            }
            let count = 2 * frames
            if shorts.count < count { shorts = [Int16](repeating: 0, count: count) }
            try shorts.withUnsafeMutableBufferPointer { out throws(SndFileError) in
                let destination = out.baseAddress!
                for i in 0..<count {
                    // Adding 1.5·2²³ makes the float hardware round to an integer in the low
                    // mantissa bits, which are then the 16-bit sample: no libm call, no trap
                    // check, and the loop vectorises.
                    let rounded = (max(-1, min(1, samples[i])) * 32767 + 12_582_912).bitPattern
                    destination[i] = Int16(truncatingIfNeeded: rounded)
                }
                try writer.write(UnsafePointer(out.baseAddress!), frames: frames)
            }
        } catch {
            throw SinkError(.writeFailed, error.description)
        }
    }

    /// The file is created open; there is nothing to reopen.
    public func open() throws -> String { name }

    public func delayFrames() -> Int { 0 }

    public func finish() throws {
        writer.close()
        isOpen = false
    }

    public func close() { try? finish() }
}
