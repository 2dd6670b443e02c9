import Foundation
import SndFile
@testable import WinddownAudio

/// Small deterministic sources and files for the tests.
final class SineSource: SoundSource {
    let frequency: Double
    let amplitude: Float
    let sampleRate: Double
    var phase: Double
    var remaining: Int?

    init(frequency: Double, amplitude: Float, sampleRate: Double, phase: Double = 0, frames: Int? = nil) {
        self.frequency = frequency
        self.amplitude = amplitude
        self.sampleRate = sampleRate
        self.phase = phase
        remaining = frames
    }

    func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        let n = remaining.map { min($0, frameCount) } ?? frameCount
        let step = 2 * Double.pi * frequency / sampleRate
        for i in 0..<n {
            let value = amplitude * Float(sin(phase))
            buffer[2 * i] = value
            buffer[2 * i + 1] = value
            phase += step
        }
        for i in (2 * n)..<(2 * frameCount) { buffer[i] = 0 }
        if let remaining { self.remaining = remaining - n }
        return n
    }
}

/// A source of silence that ends after `frames` frames: a "voice" that
/// makes the bed duck without adding anything to measure.
final class SilentSource: SoundSource {
    var remaining: Int
    init(frames: Int) { remaining = frames }
    func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        let n = min(remaining, frameCount)
        for i in 0..<(2 * frameCount) { buffer[i] = 0 }
        remaining -= n
        return n
    }
}

enum TestFiles {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "winddown-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes a sine tone as a WAV file with `channels` channels.
    static func writeSine(
        path: String, frequency: Double, amplitude: Float, seconds: Double, sampleRate: Int, channels: Int,
        encoding: SoundFileWriter.Encoding = .float32
    ) throws {
        let frames = Int(seconds * Double(sampleRate))
        var samples = [Float](repeating: 0, count: frames * channels)
        for i in 0..<frames {
            let value = amplitude * Float(sin(2 * Double.pi * frequency * Double(i) / Double(sampleRate)))
            for c in 0..<channels { samples[i * channels + c] = value }
        }
        try write(path: path, samples: samples, sampleRate: sampleRate, channels: channels, encoding: encoding)
    }

    static func write(
        path: String, samples: [Float], sampleRate: Int, channels: Int, encoding: SoundFileWriter.Encoding = .float32
    ) throws {
        let writer = try SoundFileWriter(path: path, sampleRate: sampleRate, channels: channels, encoding: encoding)
        try samples.withUnsafeBufferPointer { try writer.write($0.baseAddress!, frames: samples.count / channels) }
        writer.close()
    }

    /// Reads a whole file as interleaved floats.
    static func read(_ path: String) throws -> (samples: [Float], sampleRate: Int, channels: Int) {
        let reader = try SoundFileReader(path: path)
        var samples: [Float] = []
        var chunk = [Float](repeating: 0, count: 8192 * reader.channels)
        while true {
            let got = try chunk.withUnsafeMutableBufferPointer { try reader.read(into: $0.baseAddress!, frames: 8192) }
            if got == 0 { break }
            samples.append(contentsOf: chunk[0..<(got * reader.channels)])
        }
        return (samples, reader.sampleRate, reader.channels)
    }
}

/// Measurements on interleaved stereo.
enum Analysis {
    static func peak(_ samples: ArraySlice<Float>) -> Float { samples.reduce(0) { max($0, abs($1)) } }
    static func peak(_ samples: [Float]) -> Float { peak(samples[...]) }

    static func rms(_ samples: ArraySlice<Float>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    /// Left channel of frames [from, to).
    static func left(_ samples: [Float], from: Int, to: Int) -> [Float] {
        stride(from: 2 * from, to: 2 * to, by: 2).map { samples[$0] }
    }

    /// The largest step between neighbouring samples of one channel.
    static func largestStep(_ channel: [Float]) -> Float {
        zip(channel, channel.dropFirst()).reduce(0) { max($0, abs($1.1 - $1.0)) }
    }

    static func decibels(_ ratio: Double) -> Double { 20 * log10(ratio) }
}
