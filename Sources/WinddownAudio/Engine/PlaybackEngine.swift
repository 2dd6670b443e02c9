import ALSA
import Dispatch
public import Logging
import Synchronization
import WinddownCore

/// Plays a mix on an ALSA device from a thread of its own.
///
/// Other threads talk to it only through a command mailbox (which the
/// audio thread checks without ever waiting on its lock) and read its
/// progress from atomics. The mix clock is the session's clock: while the
/// device plays, it advances as the device consumes frames; while the
/// device is gone, it advances with the monotonic clock and the engine
/// retries opening with back-off, so the timeline keeps going and sound
/// resumes where the session is by then.
public final class PlaybackEngine: Sendable {
    /// Work to run on the audio thread between two blocks.
    public typealias Command = @Sendable (Mixer) -> Void

    private let commands = Mutex<[Command]>([])
    private let stopFade = Mutex<Double?>(nil)
    private let played = Atomic<Int64>(0)
    private let timeline = Atomic<Int64>(0)
    private let progress = Atomic<Int64>(0)
    private let done = Atomic<Bool>(false)
    private let events = Mutex<[EngineEvent]>([])
    /// Ended channels on their way to the reporter thread, which frees them:
    /// a file source's teardown joins its decoder thread and frees buffers.
    private let retired = Mutex<[HandOver<[MixerChannel]>]>([])
    private let eventSignal = DispatchSemaphore(value: 0)
    private let finishedSignal = DispatchSemaphore(value: 0)
    public let sampleRate: Int

    /// Starts playing at once. `endFrame`: the session's length in frames of
    /// its timeline (nil: until stopped); pauses and skips move the end.
    public init(mixer: sending Mixer, sink: sending ALSASink, endFrame: Int64?, logger: Logger) throws(WorkerThread.StartError) {
        sampleRate = Int(mixer.sampleRate)
        let loop = AudioLoop(mixer: mixer, sink: sink, endFrame: endFrame)
        let handOver = HandOver(loop)
        // The reporter first: it also ends when `done` is set, so an audio
        // thread that cannot start leaves nothing behind.
        try WorkerThread.detach { [self] in reportEvents(logger: logger) }
        do {
            try WorkerThread.detach { [self] in handOver.value.run(engine: self) }
        } catch {
            done.store(true, ordering: .releasing)
            eventSignal.signal()
            throw error
        }
    }

    /// Queues `command` for the audio thread.
    public func perform(_ command: @escaping Command) {
        commands.withLock { $0.append(command) }
    }

    /// Fades the whole mix to silence over `fadeSeconds`, then ends.
    public func stop(fadeSeconds: Double) {
        stopFade.withLock { $0 = fadeSeconds }
    }

    /// Frames the listener has heard (written minus what the device still holds).
    public var playedFrames: Int64 { played.load(ordering: .relaxed) }
    /// Where the session's timeline is (the mixer's timeline clock).
    public var timelineFrames: Int64 { timeline.load(ordering: .relaxed) }
    /// Counts audio-loop iterations: a watchdog sees the thread is alive.
    public var loopIterations: Int64 { progress.load(ordering: .relaxed) }
    public var isFinished: Bool { done.load(ordering: .acquiring) }

    /// Blocks the calling thread until playback has ended and the device has drained.
    public func waitUntilFinished() {
        finishedSignal.wait()
        finishedSignal.signal()
    }

    // MARK: Audio thread side

    fileprivate func takeCommands() -> [Command]? {
        commands.withLockIfAvailable { pending -> [Command]? in
            if pending.isEmpty { return nil }
            var taken: [Command] = []
            swap(&taken, &pending)
            return taken
        } ?? nil
    }

    fileprivate func takeStopRequest() -> Double? {
        stopFade.withLockIfAvailable { request -> Double? in
            defer { request = nil }
            return request
        } ?? nil
    }

    fileprivate func report(_ event: EngineEvent) {
        // Drop the event rather than wait, should the reporter hold the lock.
        let posted = events.withLockIfAvailable { $0.append(event) } != nil
        if posted { eventSignal.signal() }
    }

    /// Returns false when the lock was busy; the caller keeps the channels and tries again.
    fileprivate func retire(_ channels: [MixerChannel]) -> Bool {
        let box = HandOver(channels)
        let taken = retired.withLockIfAvailable { $0.append(box) } != nil
        if taken { eventSignal.signal() }
        return taken
    }

    fileprivate func publish(playedFrames: Int64, timelineFrames: Int64) {
        played.store(playedFrames, ordering: .relaxed)
        timeline.store(timelineFrames, ordering: .relaxed)
        progress.add(1, ordering: .relaxed)
    }

    fileprivate func markFinished() {
        done.store(true, ordering: .releasing)
        finishedSignal.signal()
        eventSignal.signal()
    }

    // MARK: Reporter thread

    private func reportEvents(logger: Logger) {
        while true {
            eventSignal.wait()
            let batch = events.withLock { pending -> [EngineEvent] in
                defer { pending.removeAll() }
                return pending
            }
            for event in batch { Self.log(event, to: logger) }
            // Dropping the boxes here releases the channels on this thread.
            _ = retired.withLock { pending -> [HandOver<[MixerChannel]>] in
                defer { pending.removeAll() }
                return pending
            }
            if isFinished && events.withLock({ $0.isEmpty }) { return }
        }
    }

    private static func log(_ event: EngineEvent, to logger: Logger) {
        switch event {
        case .deviceOpened(let device, let configuration):
            logger.info("playing on ALSA device \"\(device)\": \(configuration)")
        case .deviceUnavailable(let device, let reason, let retry):
            logger.warning("ALSA device \"\(device)\" unavailable (\(reason)); the session goes on silently, retrying in \(retry) s")
        case .deviceLost(let device, let reason):
            logger.warning("lost ALSA device \"\(device)\": \(reason); keeping the session's time and retrying")
        case .underrunsRecovered(let device, let total):
            logger.notice("recovered from an underrun on \"\(device)\" (\(total) so far)")
        case .finished(let frames):
            logger.debug("playback finished after \(frames) frames")
        }
    }
}

/// Moves a value to another thread that becomes its only user.
private final class HandOver<Value>: @unchecked Sendable {
    // @unchecked: the creating thread gives the value up at hand-over and never touches it again.
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The audio thread's loop: render, write, recover, keep time.
private final class AudioLoop {
    let mixer: Mixer
    let sink: ALSASink
    /// Where the session ends on its own timeline (nil: until stopped).
    let sessionEnd: Int64?
    /// The output frame where a stop's fade is over.
    var stopEnd: Int64?
    static let blockFrames = 1024
    /// Where audio rendered while catching up goes; allocated once, here.
    private var discard = [Float](repeating: 0, count: 2 * AudioLoop.blockFrames)

    init(mixer: Mixer, sink: ALSASink, endFrame: Int64?) {
        self.mixer = mixer
        self.sink = sink
        sessionEnd = endFrame
    }

    /// The output frame the loop ends at. The session's end is on its
    /// timeline, which stands still during a pause and jumps on a skip, while
    /// output frames always run: so the end moves later by the time held and
    /// earlier by the time skipped (the two clocks agree otherwise).
    var endFrame: Int64? {
        let session = sessionEnd.map { $0 + (mixer.mixClock - mixer.timelineClock) }
        guard let stopEnd else { return session }
        return min(session ?? stopEnd, stopEnd)
    }

    func run(engine: PlaybackEngine) {
        var block = [Float](repeating: 0, count: 2 * Self.blockFrames)
        var retry = DeviceRetry()
        var reportedUnderruns = 0
        var toRetire: [MixerChannel] = []
        tryOpen(engine: engine, retry: &retry, initial: true)

        while true {
            if let commands = engine.takeCommands() { for command in commands { command(mixer) } }
            if let fade = engine.takeStopRequest() { beginStop(fadeSeconds: fade) }
            if let endFrame, mixer.position >= endFrame { break }

            var frames = Self.blockFrames
            if let endFrame { frames = Int(min(Int64(frames), endFrame - mixer.position)) }
            block.withUnsafeMutableBufferPointer { mixer.render(into: $0.baseAddress!, frameCount: frames) }
            if let ended = mixer.takeRetired() { toRetire.append(contentsOf: ended) }
            if !toRetire.isEmpty, engine.retire(toRetire) { toRetire.removeAll() }

            if sink.isOpen {
                do {
                    try block.withUnsafeBufferPointer { try sink.write($0.baseAddress!, frames: frames) }
                    if sink.underruns != reportedUnderruns {
                        reportedUnderruns = sink.underruns
                        engine.report(.underrunsRecovered(device: sink.device, total: reportedUnderruns))
                    }
                } catch {
                    engine.report(.deviceLost(device: sink.device, reason: "\(error)"))
                    retry.lost(at: MonotonicClock.now(), position: mixer.position, sampleRate: sink.sampleRate)
                }
            } else {
                // No device: the monotonic clock keeps the session's time.
                MonotonicClock.sleep(until: retry.deadline(forPosition: mixer.position))
                if retry.isDue(at: MonotonicClock.now()) {
                    tryOpen(engine: engine, retry: &retry, initial: false)
                }
            }
            let heard = sink.isOpen ? mixer.position - Int64(sink.delayFrames()) : mixer.position
            engine.publish(playedFrames: max(0, heard), timelineFrames: mixer.timelineClock)
        }
        if sink.isOpen { try? sink.finish() }
        engine.publish(playedFrames: mixer.position, timelineFrames: mixer.timelineClock)
        engine.report(.finished(playedFrames: mixer.position))
        engine.markFinished()
    }

    private func tryOpen(engine: PlaybackEngine, retry: inout DeviceRetry, initial: Bool) {
        do {
            let configuration = try sink.open()
            if !initial { catchUp(frames: retry.framesBehind(at: MonotonicClock.now(), position: mixer.position)) }
            retry.reset()
            engine.report(.deviceOpened(device: sink.device, configuration: configuration.description))
        } catch {
            let now = MonotonicClock.now()
            if initial { retry.lost(at: now, position: mixer.position, sampleRate: sink.sampleRate) }
            let wait = retry.scheduleNextAttempt(after: now)
            engine.report(.deviceUnavailable(device: sink.device, reason: error.description, retryInSeconds: wait))
        }
    }

    /// Runs the mix forward without playing it, so sound resumes where the
    /// session is now rather than where it was when the device went away.
    private func catchUp(frames: Int64) {
        var remaining = frames
        if let endFrame { remaining = min(remaining, endFrame - mixer.position) }
        while remaining > 0 {
            let n = Int(min(Int64(Self.blockFrames), remaining))
            discard.withUnsafeMutableBufferPointer { mixer.render(into: $0.baseAddress!, frameCount: n) }
            remaining -= Int64(n)
        }
    }

    private func beginStop(fadeSeconds: Double) {
        let fadeFrames = Int64(max(0.01, fadeSeconds) * mixer.sampleRate)
        mixer.masterEnvelope.ramp(from: mixer.mixClock, over: fadeFrames, to: Decibels.silenceFloor)
        // The fade is on the mix clock, which runs a look-ahead ahead of the output.
        let stopAt = mixer.mixClock + fadeFrames
        stopEnd = min(stopEnd ?? stopAt, stopAt)
    }
}
