import SampleRate
import SndFile

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
    private var fileBuffer: [Float]
    private var stereoBuffer: [Float]
    private var resampledBuffer: [Float]

    init(path: String, sampleRate: Int, gainDecibels: Double) throws {
        self.path = path
        reader = try SoundFileReader(path: path)
        resampler =
            reader.sampleRate == sampleRate
            ? nil : try Resampler(from: reader.sampleRate, to: sampleRate, channels: 2)
        gain = Float(Decibels.amplitude(gainDecibels))
        estimatedFrames = reader.frameCount * sampleRate / reader.sampleRate
        fileBuffer = Array(repeating: 0, count: chunkFrames * reader.channels)
        stereoBuffer = Array(repeating: 0, count: chunkFrames * 2)
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
        fileBuffer.withUnsafeBufferPointer { file in
            stereoBuffer.withUnsafeMutableBufferPointer { stereo in
                StereoConversion.convert(file.baseAddress!, channels: reader.channels, frames: got, into: stereo.baseAddress!)
            }
        }
        let last = got == 0
        if let resampler {
            var used = 0
            repeat {
                let result: (used: Int, produced: Int)
                do {
                    result = try stereoBuffer.withUnsafeBufferPointer { input in
                        try resampledBuffer.withUnsafeMutableBufferPointer { output in
                            try resampler.process(
                                input: input.baseAddress! + 2 * used, inputFrames: got - used,
                                output: output.baseAddress!, outputCapacity: output.count / 2, endOfInput: last)
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
        } else {
            append(stereoBuffer, frames: got)
        }
        if last { inputDone = true }
    }

    private func append(_ buffer: [Float], frames: Int) {
        guard frames > 0 else { return }
        let start = pending.count
        let count = 2 * frames
        let gain = self.gain
        pending.append(contentsOf: repeatElement(0, count: count))
        buffer.withUnsafeBufferPointer { source in
            pending.withUnsafeMutableBufferPointer { pending in
                for i in 0..<count { pending[start + i] = source[i] * gain }
            }
        }
    }
}
