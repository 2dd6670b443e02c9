import SampleRate
import SndFile
import WinddownCore

/// One file decoded to the mix format: stereo floats at the device rate,
/// levelled by a fixed gain. Keeps a look-ahead of decoded frames so the
/// playlist knows the exact end of the file before it gets there.
/// Used on the decoder thread only.
final class DecodedStream {
    let path: String
    private let reader: SoundFileReader
    private let resampler: Resampler?
    private let gain: Float
    /// Estimated length at the device rate, from the file header.
    let estimatedFrames: Int

    private var pending: [Float] = []
    private var pendingStart = 0
    private var inputDone = false
    private(set) var ended = false
    /// Set when decoding stopped on an error; the stream then ends early.
    private(set) var failure: (any Error)?

    private let chunkFrames = 4096
    /// Channels resampled: the file's own (mono stays mono until the end, at
    /// half the cost), or stereo for a wider file, folded down first.
    private let workChannels: Int
    private var fileBuffer: [Float]
    private var workBuffer: [Float]
    private var resampledBuffer: [Float]

    init(path: String, sampleRate: Int, gainDecibels: Double) throws {
        self.path = path
        reader = try SoundFileReader(path: path)
        workChannels = min(reader.channels, 2)
        // Speech clips and other low-rate files carry nothing that 16-bit
        // precision would lose; music-rate files get the higher quality.
        let quality: Resampler.Quality = reader.sampleRate < 32_000 ? .medium : .high
        resampler =
            reader.sampleRate == sampleRate
            ? nil
            : try Resampler(from: reader.sampleRate, to: sampleRate, channels: workChannels, quality: quality)
        gain = Float(Decibels.amplitude(gainDecibels))
        estimatedFrames = reader.frameCount * sampleRate / reader.sampleRate
        fileBuffer = Array(repeating: 0, count: chunkFrames * reader.channels)
        workBuffer = Array(repeating: 0, count: chunkFrames * 2)
        let ratio = Double(sampleRate) / Double(reader.sampleRate)
        resampledBuffer = Array(repeating: 0, count: 2 * (Int(Double(chunkFrames) * ratio) + 64))
    }

    /// Frames decoded and waiting.
    var bufferedFrames: Int { (pending.count - pendingStart) / 2 }

    /// Decodes until at least `frames` frames wait, or the file is done.
    func fill(toAtLeast frames: Int) {
        while bufferedFrames < frames && !inputDone {
            decodeChunk()
        }
        if inputDone && bufferedFrames == 0 { ended = true }
    }

    /// True once everything left is already in the look-ahead.
    var isFullyDecoded: Bool { inputDone }

    /// Moves up to `frames` frames into `output`, each scaled by `fade(i)`
    /// and added (`mix`) or written. Returns the frames moved.
    func take(
        into output: UnsafeMutablePointer<Float>, frames: Int, mix: Bool, fade: (Int) -> Float = { _ in 1 }
    ) -> Int {
        fill(toAtLeast: frames)
        let n = min(frames, bufferedFrames)
        pending.withUnsafeBufferPointer { pending in
            for i in 0..<n {
                let g = fade(i)
                let l = pending[pendingStart + 2 * i] * g
                let r = pending[pendingStart + 2 * i + 1] * g
                if mix {
                    output[2 * i] += l
                    output[2 * i + 1] += r
                } else {
                    output[2 * i] = l
                    output[2 * i + 1] = r
                }
            }
        }
        pendingStart += 2 * n
        // Drop consumed samples now and then rather than on every call.
        if pendingStart > 65_536 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        if inputDone && bufferedFrames == 0 { ended = true }
        return n
    }

    private func decodeChunk() {
        let got: Int
        do {
            got = try fileBuffer.withUnsafeMutableBufferPointer { buffer throws(SndFileError) in
                try reader.read(into: buffer.baseAddress!, frames: chunkFrames)
            }
        } catch {
            failure = error
            got = 0
        }
        // The samples to resample: the file's as read, or folded to stereo.
        let input: [Float]
        if reader.channels > 2 {
            fileBuffer.withUnsafeBufferPointer { file in
                workBuffer.withUnsafeMutableBufferPointer { work in
                    StereoConversion.convert(file.baseAddress!, channels: reader.channels, frames: got, into: work.baseAddress!)
                }
            }
            input = workBuffer
        } else {
            input = fileBuffer
        }
        let last = got == 0
        guard let resampler else {
            append(input, frames: got)
            if last { inputDone = true }
            return
        }
        let channels = workChannels
        var used = 0
        repeat {
            let result: (used: Int, produced: Int)
            do {
                result = try input.withUnsafeBufferPointer { input in
                    try resampledBuffer.withUnsafeMutableBufferPointer { output in
                        try resampler.process(
                            input: input.baseAddress! + channels * used, inputFrames: got - used,
                            output: output.baseAddress!, outputCapacity: output.count / channels, endOfInput: last)
                    }
                }
            } catch {
                failure = error
                inputDone = true
                return
            }
            used += result.used
            append(resampledBuffer, frames: result.produced)
            // At the end, keep asking until the filter's tail is out.
            if last && result.produced == 0 { break }
        } while used < got || last
        if last { inputDone = true }
    }

    /// Adds `frames` frames of `workChannels` samples to the look-ahead as
    /// levelled stereo (mono goes to both sides).
    private func append(_ buffer: [Float], frames: Int) {
        guard frames > 0 else { return }
        let start = pending.count
        let gain = self.gain
        let mono = workChannels == 1
        pending.append(contentsOf: repeatElement(0, count: 2 * frames))
        buffer.withUnsafeBufferPointer { source in
            pending.withUnsafeMutableBufferPointer { pending in
                if mono {
                    for i in 0..<frames {
                        let value = source[i] * gain
                        pending[start + 2 * i] = value
                        pending[start + 2 * i + 1] = value
                    }
                } else {
                    for i in 0..<(2 * frames) { pending[start + i] = source[i] * gain }
                }
            }
        }
    }
}
