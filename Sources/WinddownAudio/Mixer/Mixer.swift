public import WinddownCore
/// Sums channels into interleaved stereo, applies ducking, the master gain
/// and the limiter, and keeps two clocks:
///
/// - the mix clock (`position` for what was output, `mixClock` for what was
///   mixed, a limiter look-ahead ahead) always runs; the master envelope and
///   `schedule(at:)` follow it;
/// - the timeline clock runs only while the session plays: it holds while
///   paused or held and jumps on a skip. Channel envelopes and the `program`
///   follow it, so a pause, a hold or a skip moves the whole session,
///   sample-exactly.
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

        public init(
            duckDepth: Double = 10, duckAttackSeconds: Double = DuckWindow.attackSeconds,
            duckReleaseSeconds: Double = DuckWindow.releaseSeconds, ceiling: Float = 0.5
        ) {
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
    /// The session's timeline, when one drives this mix.
    public var program: (any MixProgram)?
    /// Frames mixed (always running); ahead of `position` by the look-ahead.
    public private(set) var mixClock: Int64 = 0
    /// Where the session's timeline is: holds while paused, jumps on skips.
    public private(set) var timelineClock: Int64 = 0
    /// Whether the timeline clock is held (a pause).
    public private(set) var isTimelineHeld = false
    /// Whether the timeline stands still while the sound goes on (a hold).
    public private(set) var isTimelineFrozen = false
    /// Where the session's timeline ends (nil: until stopped); `extend` moves it.
    public var sessionEnd: Int64?
    /// Once a pause's fade is done, sources stop being pulled: silence, and
    /// everything resumes exactly where it stopped.
    private var holdSourcesAt: Int64?
    /// The timeline asks the bed to dip (a prompt is about to speak).
    public private(set) var isDucked = false
    /// Channels that ended, kept for a thread that may free them (`takeRetired`).
    private var retired: [MixerChannel] = []

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
        // Room for the bed and every cue a session overlaps, so adding one never reallocates.
        channels.reserveCapacity(16)
        retired.reserveCapacity(16)
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
        events.insert(at: max(frame, mixClock), action)
    }

    /// Makes the bed dip (or come back) at the duck's own attack and release speed.
    public func setDucked(_ ducked: Bool) { isDucked = ducked }

    /// Holds the timeline and fades the mix out over `fadeSeconds`; after the
    /// fade nothing is pulled from the sources until `resumeTimeline`.
    public func holdTimeline(fadeSeconds: Double) {
        guard !isTimelineHeld else { return }
        isTimelineHeld = true
        let fade = Int64(max(0.01, fadeSeconds) * sampleRate)
        masterEnvelope.ramp(from: mixClock, over: fade, to: Decibels.silenceFloor)
        holdSourcesAt = mixClock + fade
    }

    /// Lets the timeline run again and fades the mix back in.
    public func resumeTimeline(fadeSeconds: Double) {
        guard isTimelineHeld else { return }
        isTimelineHeld = false
        holdSourcesAt = nil
        masterEnvelope.ramp(from: mixClock, over: Int64(max(0.01, fadeSeconds) * sampleRate), to: 0)
    }

    /// Stops the timeline but not the sound (a hold): the program waits, the
    /// channels play on, and a breathing tone keeps breathing past its end.
    public func freezeTimeline() {
        guard !isTimelineFrozen else { return }
        isTimelineFrozen = true
        for channel in channels { (channel.source as? any SustainableSource)?.isSustained = true }
    }

    /// Lets a held timeline run again; sustained cues finish their last breath and end.
    public func releaseTimeline() {
        guard isTimelineFrozen else { return }
        isTimelineFrozen = false
        for channel in channels { (channel.source as? any SustainableSource)?.isSustained = false }
    }

    /// Lengthens the session so its timeline ends at `end`, re-planning the
    /// sleep sound's fade from where it is (never a jump in level).
    public func extendSession(to end: Int64) {
        guard let current = sessionEnd, end > current else { return }
        sessionEnd = end
        for channel in channels where channel.role == .bed {
            channel.envelope.refade(from: timelineClock, toSilenceAt: end)
        }
    }

    /// Moves the timeline to `frame` (a skip). The program's next event is
    /// looked up from there; channels keep playing unless the caller stops them.
    public func jumpTimeline(to frame: Int64) { timelineClock = max(timelineClock, frame) }

    /// Channels that have ended since the last call, to be released off the audio thread.
    public func takeRetired() -> [MixerChannel]? {
        guard !retired.isEmpty else { return nil }
        var taken: [MixerChannel] = []
        swap(&taken, &retired)
        return taken
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
    /// stopping short of the next event (on either clock) so it lands on its frame.
    private func step(maximum: Int) -> Int {
        while let action = events.popDue(at: mixClock) { action(self) }
        if let program, !isTimelineHeld, !isTimelineFrozen {
            while let next = program.nextEventFrame(atOrAfter: timelineClock), next <= timelineClock {
                program.fire(at: timelineClock, mixer: self)
                // A program that does not move on past its event would stall the mix.
                guard let after = program.nextEventFrame(atOrAfter: timelineClock), after > next else { break }
            }
        }
        var frames = min(Self.blockFrames, maximum)
        if let next = events.nextFrame { frames = max(1, min(frames, Int(next - mixClock))) }
        if let program, !isTimelineHeld, !isTimelineFrozen, let next = program.nextEventFrame(atOrAfter: timelineClock + 1) {
            frames = max(1, min(frames, Int(next - timelineClock)))
        }
        if let hold = holdSourcesAt, hold > mixClock { frames = max(1, min(frames, Int(hold - mixClock))) }
        mixBlock(frames: frames)
        limiter.process(&bus, frameCount: frames)
        return frames
    }

    private func mixBlock(frames: Int) {
        bus.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        let blockEnd = mixClock + Int64(frames)
        let sourcesHeld = holdSourcesAt.map { mixClock >= $0 } ?? false
        if !sourcesHeld {
            let voiceActive = channels.contains { $0.role == .voice && !$0.hasEnded }
            // Held, the bed dips only while a voice still speaks.
            duck.target = (voiceActive || (isDucked && !isTimelineFrozen)) ? -settings.duckDepth : 0
            duck.advance(by: frames)
            let timelineEnd = timelineClock + (isTimelineHeld || isTimelineFrozen ? 0 : Int64(frames))
            for channel in channels where !channel.hasEnded {
                mix(channel, frames: frames, timelineEnd: timelineEnd)
            }
            if channels.contains(where: { $0.hasEnded && $0.role != .bed }) {
                for channel in channels where channel.hasEnded && channel.role != .bed { retired.append(channel) }
                channels.removeAll { $0.hasEnded && $0.role != .bed }
            }
            timelineClock = timelineEnd
        }
        let masterEnd = Float(Decibels.amplitude(masterEnvelope.level(at: blockEnd)))
        applyMaster(from: masterLastGain, to: masterEnd, frames: frames)
        masterLastGain = masterEnd
        mixClock = blockEnd
        position = max(0, mixClock - Int64(limiter.latencyFrames))
    }

    private func mix(_ channel: MixerChannel, frames: Int, timelineEnd: Int64) {
        let produced = scratch.withUnsafeMutableBufferPointer { scratch in
            channel.source.render(into: scratch.baseAddress!, frameCount: frames)
        }
        if produced < frames {
            channel.hasEnded = true
            for i in (2 * produced)..<(2 * frames) { scratch[i] = 0 }
        }
        channel.level.advance(by: frames)
        let ducking = channel.role == .bed ? duck.current : 0
        let envelope = channel.envelope.level(at: timelineEnd)
        // A level or an envelope at the floor means silence, whatever the
        // trim would add back: volume 0 and the end of a fade are exactly 0.
        let silent = channel.level.current <= Decibels.silenceFloor || envelope <= Decibels.silenceFloor
        var endGain: Float =
            silent ? 0 : Float(Decibels.amplitude(channel.trimDecibels + channel.level.current + ducking + envelope))
        if let release = channel.releaseRemaining {
            // Stopping: a short linear fade to nothing, then the channel ends.
            let left = max(0, release - frames)
            endGain *= Float(left) / Float(max(channel.releaseLength, 1))
            channel.releaseRemaining = left
            if left == 0 { channel.hasEnded = true }
        }
        accumulate(from: channel.lastGain, to: endGain, frames: frames)
        channel.lastGain = endGain
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
        if start == 1 && end == 1 { return }
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
