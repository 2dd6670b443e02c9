import Foundation
import SndFile

/// Decoded audio, interleaved floats in [-1, 1], for measuring.
struct AudioClip: Sendable {
    var sampleRate: Int
    var channels: Int
    var samples: [Float]
    /// The container and encoding, e.g. "WAV 16-bit" (from libsndfile).
    var format: String = "raw float"

    var frameCount: Int { samples.count / max(channels, 1) }
    var seconds: Double { Double(frameCount) / Double(sampleRate) }

    /// Reads a whole file through the `SndFile` module (`SoundFileReader`).
    init(contentsOf url: URL) throws {
        let reader = try SoundFileReader(path: url.path)
        sampleRate = reader.sampleRate
        channels = reader.channels
        format = reader.formatName
        let block = 1 << 16
        var buffer = [Float](repeating: 0, count: block * reader.channels)
        var all: [Float] = []
        all.reserveCapacity(max(0, reader.frameCount) * reader.channels)
        while true {
            let got = try buffer.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: block) }
            if got == 0 { break }
            all.append(contentsOf: buffer[0..<(got * reader.channels)])
        }
        samples = all
    }

    /// Raw little-endian 32-bit floats, as `parec --format=float32le` writes them.
    init(rawFloat32 data: Data, sampleRate: Int, channels: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        let count = data.count / 4
        samples = data.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    /// The frame at `seconds`, clamped to the clip.
    func frame(at seconds: Double) -> Int {
        min(frameCount, max(0, Int((seconds * Double(sampleRate)).rounded())))
    }

    /// Interleaved samples from `start` to `end` seconds (all channels).
    func slice(_ start: Double, _ end: Double) -> ArraySlice<Float> {
        samples[(channels * frame(at: start))..<(channels * frame(at: end))]
    }

    /// Root mean square over all channels between two instants.
    func rms(_ start: Double, _ end: Double) -> Double {
        let part = slice(start, end)
        guard !part.isEmpty else { return 0 }
        var sum = 0.0
        for sample in part { sum += Double(sample) * Double(sample) }
        return (sum / Double(part.count)).squareRoot()
    }

    /// Largest magnitude between two instants (whole clip by default).
    func peak(_ start: Double = 0, _ end: Double = .infinity) -> Double {
        var largest: Float = 0
        for sample in slice(start, min(end, seconds)) { largest = max(largest, abs(sample)) }
        return Double(largest)
    }

    /// Windows of `length` seconds from `start` to `end`, each with its RMS and peak.
    func windows(of length: Double, from start: Double, to end: Double) -> [Window] {
        var result: [Window] = []
        var at = start
        while at + length <= end + 1e-9 {
            result.append(Window(start: at, rms: rms(at, at + length), peak: peak(at, at + length)))
            at += length
        }
        return result
    }

    struct Window: Sendable, CustomStringConvertible {
        var start: Double
        var rms: Double
        var peak: Double
        var description: String { String(format: "%.2fs:%.1fdB", start, decibels(rms)) }
    }
}

/// 20·log10, floored at -200 dB for silence.
func decibels(_ amplitude: Double) -> Double {
    amplitude > 1e-10 ? 20 * log10(amplitude) : -200
}

func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
