/// Sums channels into interleaved stereo, applies ducking, the master gain
/// and the limiter, and keeps the mix clock: `position` counts frames
/// produced, so anything scheduled on it happens on an exact sample.
///
/// Owned by one thread (the audio thread, or the renderer). Nothing here
/// allocates once the channels are in place, except scheduling itself.
public final class Mixer {
    public struct Settings: Sendable, Equatable {
        /// How far the bed dips while a voice speaks, in dB (positive).
        public var duckDepth: Double
        /// Time to dip fully, and to come back.
        public var duckAttackSeconds: Double
        public var duckReleaseSeconds: Double
        /// No output sample's magnitude exceeds this (0…1 of full scale).
        public var ceiling: Float

        public init(duckDepth: Double = 10, duckAttackSeconds: Double = 0.4, duckReleaseSeconds: Double = 1.2, ceiling: Float = 0.5) {
            self.duckDepth = duckDepth
            self.duckAttackSeconds = duckAttackSeconds
            self.duckReleaseSeconds = duckReleaseSeconds
            self.ceiling = ceiling
        }
    }

    public let sampleRate: Double
    public private(set) var settings: Settings
    /// Frames output so far: the mix clock.
    public private(set) var position: Int64 = 0
    public private(set) var channels: [MixerChannel] = []
    /// Fades of the whole mix (start, pause, stop) and the master level.
    public var masterEnvelope = GainEnvelope()
    private var masterLastGain: Float = 0
    private var duck: SmoothedLevel
    private let limiter: PeakLimiter
    private var primed = false
    private var events = ScheduledEvents<Mixer>()

    /// Frames per gain step: gains glide linearly within a block and follow
    /// their curves exactly at block edges (about 5 ms at 48 kHz).
    static let blockFrames = 256
    private var scratch: [Float] = Array(repeating: 0, count: 2 * blockFrames)
    private var bus: [Float] = Array(repeating: 0, count: 2 * blockFrames)

    public init(sampleRate: Double, settings: Settings = Settings()) {
        self.sampleRate = sampleRate
        self.settings = settings
        duck = SmoothedLevel(
            0, fallPerFrame: settings.duckDepth / (settings.duckAttackSeconds * sampleRate),
            risePerFrame: settings.duckDepth / (settings.duckReleaseSeconds * sampleRate))
        limiter = PeakLimiter(ceiling: settings.ceiling, sampleRate: sampleRate)
    }

    public func add(_ channel: MixerChannel) { channels.append(channel) }

    public func channel(named name: String) -> MixerChannel? { channels.first { $0.name == name } }

    public func remove(named name: String) { channels.removeAll { $0.name == name } }

    public func setCeiling(_ ceiling: Float) {
        settings.ceiling = ceiling
        limiter.setCeiling(ceiling)
    }

    public func setDuckDepth(_ depth: Double) {
        settings.duckDepth = depth
        duck.fallPerFrame = depth / (settings.duckAttackSeconds * sampleRate)
        duck.risePerFrame = depth / (settings.duckReleaseSeconds * sampleRate)
    }

    /// Runs `action` on this thread exactly when the mix reaches `frame`, so
    /// that what it starts is heard from output frame `frame` on.
    public func schedule(at frame: Int64, _ action: @escaping (Mixer) -> Void) {
        events.insert(at: max(frame, sourceClock), action)
    }

    /// The current depth of the bed's duck, in dB (0 or negative).
    public var duckLevel: Double { duck.current }

    /// Renders `frameCount` frames of interleaved stereo into `output`.
    public func render(into output: UnsafeMutablePointer<Float>, frameCount: Int) {
        if !primed { primeLimiter() }
        var done = 0
        while done < frameCount {
            let frames = step(maximum: frameCount - done)
            (output + 2 * done).update(from: bus, count: 2 * frames)
            done += frames
        }
    }

    /// The limiter delays by its look-ahead, so the sources run that far
    /// ahead of the output: feed it first, and output frame n is mix frame n.
    private func primeLimiter() {
        primed = true
        var remaining = limiter.latencyFrames
        while remaining > 0 { remaining -= step(maximum: remaining) }
    }

    /// Mixes and limits one block of at most `maximum` frames into `bus`,
    /// stopping short of the next scheduled event so it lands on its frame.
    private func step(maximum: Int) -> Int {
        while let action = events.popDue(at: sourceClock) { action(self) }
        var frames = min(Self.blockFrames, maximum)
        if let next = events.nextFrame { frames = max(1, min(frames, Int(next - sourceClock))) }
        mixBlock(frames: frames)
        limiter.process(&bus, frameCount: frames)
        return frames
    }

    /// Frames the sources have rendered; ahead of `position` by the look-ahead.
    public private(set) var sourceClock: Int64 = 0

    private func mixBlock(frames: Int) {
        bus.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        let voiceActive = channels.contains { $0.role == .voice && !$0.hasEnded }
        duck.target = voiceActive ? -settings.duckDepth : 0
        duck.advance(by: frames)
        let blockEnd = sourceClock + Int64(frames)

        for channel in channels where !channel.hasEnded {
            let produced = scratch.withUnsafeMutableBufferPointer { scratch in
                channel.source.render(into: scratch.baseAddress!, frameCount: frames)
            }
            if produced < frames {
                channel.hasEnded = true
                for i in (2 * produced)..<(2 * frames) { scratch[i] = 0 }
            }
            channel.level.advance(by: frames)
            let ducking = channel.role == .bed ? duck.current : 0
            let endDecibels =
                channel.trimDecibels + channel.level.current + ducking + channel.envelope.level(at: blockEnd)
            let endGain = Float(Decibels.amplitude(endDecibels))
            accumulate(from: channel.lastGain, to: endGain, frames: frames)
            channel.lastGain = endGain
        }
        channels.removeAll { $0.hasEnded && $0.role != .bed }

        let masterEnd = Float(Decibels.amplitude(masterEnvelope.level(at: blockEnd)))
        applyMaster(from: masterLastGain, to: masterEnd, frames: frames)
        masterLastGain = masterEnd
        sourceClock = blockEnd
        position = max(0, sourceClock - Int64(limiter.latencyFrames))
    }

    /// bus += scratch × a gain gliding linearly from `start` to `end`.
    private func accumulate(from start: Float, to end: Float, frames: Int) {
        let step = (end - start) / Float(frames)
        scratch.withUnsafeBufferPointer { source in
            bus.withUnsafeMutableBufferPointer { bus in
                var gain = start
                for i in 0..<frames {
                    gain += step
                    bus[2 * i] += source[2 * i] * gain
                    bus[2 * i + 1] += source[2 * i + 1] * gain
                }
            }
        }
    }

    private func applyMaster(from start: Float, to end: Float, frames: Int) {
        let step = (end - start) / Float(frames)
        bus.withUnsafeMutableBufferPointer { bus in
            var gain = start
            for i in 0..<frames {
                gain += step
                bus[2 * i] *= gain
                bus[2 * i + 1] *= gain
            }
        }
    }
}
