// TEMPORARY until the generators land; deleted then.
public enum BuiltinSound: String, CaseIterable, Sendable {
    case brown, pink, rain, ocean, drone
    public func makeSource(sampleRate: Double, seed: UInt64) -> any SoundSource { TempNoise(seed: seed) }
}
final class TempNoise: SoundSource {
    var random: RandomGenerator
    var l: Float = 0, r: Float = 0
    init(seed: UInt64) { random = RandomGenerator(seed: seed) }
    func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int {
        for i in 0..<frameCount {
            l = 0.98 * l + 0.02 * random.bipolar(); r = 0.98 * r + 0.02 * random.bipolar()
            buffer[2 * i] = l * 2; buffer[2 * i + 1] = r * 2
        }
        return frameCount
    }
}
