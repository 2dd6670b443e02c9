import Synchronization
import WinddownAudio
import WinddownCore

/// The gain that brings each built-in sound to the reference loudness,
/// measured once per sound and rate on a throwaway instance (ten seconds
/// take a few milliseconds) rather than hard-coded, so retuning a
/// generator can never make it louder at bedtime.
enum GeneratorLoudness {
    private static let cache = Mutex<[String: Double]>([:])

    static func trim(for sound: BuiltInSound, sampleRate: Int) -> Double {
        let key = "\(sound.rawValue)@\(sampleRate)"
        if let known = cache.withLock({ $0[key] }) { return known }
        let measured = measure(sound, sampleRate: sampleRate)
        let trim = LoudnessScan.trim(measured: measured, target: VolumeScale.referenceLoudness)
        cache.withLock { $0[key] = trim }
        return trim
    }

    private static func measure(_ sound: BuiltInSound, sampleRate: Int) -> Double? {
        let source = sound.makeSource(sampleRate: Double(sampleRate), seed: 0x1E7E1)
        var meter = LoudnessMeter(sampleRate: Double(sampleRate))
        let block = 4096
        var buffer = [Float](repeating: 0, count: 2 * block)
        var remaining = 10 * sampleRate
        while remaining > 0 {
            let frames = min(block, remaining)
            buffer.withUnsafeMutableBufferPointer { buffer in
                _ = source.render(into: buffer.baseAddress!, frameCount: frames)
                meter.add(buffer.baseAddress!, frameCount: frames)
            }
            remaining -= frames
        }
        return meter.integratedLoudness
    }
}
