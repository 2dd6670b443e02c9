public import Clocks
import Dispatch
public import Logging
import Synchronization
import WinddownCore
public import Threads

/// Plays a mix into a sink from a thread of its own, in real time.
///
/// Other threads talk to it only through lock-free hand-off queues (the
/// audio thread never takes a lock) and read its progress from atomics. The mix keeps to the monotonic clock whatever
/// the sink does: a device that takes audio early is written to no more
/// than `Pacing.lead` ahead; while the device is gone, the mix goes on
/// silently at the clock's pace and the engine retries opening with
/// back-off, so sound resumes where the session is by then. At `speed` N
/// the mix runs N times faster and one block in N is heard: a preview.
/// `render` runs the same loop on the calling thread, unpaced, into a file.
public final class PlaybackEngine: Sendable {
    /// Work to run on the audio thread between two blocks.
    public typealias Command = @Sendable (Mixer) -> Void

    private let commands = HandOffQueue<Command>(capacity: 256)
    /// A stop's fade in microseconds; -1: none asked for.
    private let stopFade = Atomic<Int64>(-1)
    private let played = Atomic<Int64>(0)
    private let timeline = Atomic<Int64>(0)
    private let progress = Atomic<Int64>(0)
    private let done = Atomic<Bool>(false)
    private let events = HandOffQueue<EngineEvent>(capacity: 64)
    /// Ended channels on their way to the reporter thread, which frees them:
    /// a file source's teardown joins its decoder thread and frees buffers.
    private let retired = HandOffQueue<[MixerChannel]>(capacity: 64)
    private let eventSignal = DispatchSemaphore(value: 0)
    private let finishedSignal = DispatchSemaphore(value: 0)
    public let sampleRate: Int
    /// Frames per block while live: about 43 ms at 48 kHz.
    static let liveBlockFrames = 2048

    /// Starts playing at once into `outputs` (each lost and reopened on
    /// its own; the clock is the same for all). `endFrame`: the session's
    /// length in frames of its timeline (nil: until stopped); pauses, holds
    /// and skips move the end. `observer` hears every event on the reporter
    /// thread, after the log.
    public init(
        mixer: sending Mixer, outputs: sending [any AudioSink], endFrame: Int64?, clock: any MonotonicClock = SystemClock(),
        pacing: Pacing = Pacing(), logger: Logger, observer: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) throws(WorkerThread.StartError) {
        sampleRate = Int(mixer.sampleRate)
        mixer.sessionEnd = endFrame
        let loop = AudioLoop(mixer: mixer, sinks: outputs, clock: clock, pacing: pacing, blockFrames: Self.liveBlockFrames)
        let handOver = HandOver(loop)
        // The reporter first: it also ends when `done` is set, so an audio
        // thread that cannot start leaves nothing behind.
        try WorkerThread.detach { [self] in reportEvents(logger: logger, observer: observer) }
        do {
            try WorkerThread.detach { [self] in handOver.value.run(engine: self, between: nil) }
        } catch {
            done.store(true, ordering: .releasing)
            eventSignal.signal()
            throw error
        }
    }

    /// Starts playing at once into one sink.
    public convenience init(
        mixer: sending Mixer, sink: sending any AudioSink, endFrame: Int64?, clock: any MonotonicClock = SystemClock(),
        pacing: Pacing = Pacing(), logger: Logger, observer: @escaping @Sendable (EngineEvent) -> Void = { _ in }
    ) throws(WorkerThread.StartError) {
        try self.init(mixer: mixer, outputs: [sink], endFrame: endFrame, clock: clock, pacing: pacing, logger: logger, observer: observer)
    }

    /// An engine for `render`: nothing starts until `run`.
    private init(sampleRate: Int) { self.sampleRate = sampleRate }

    /// Plays `mixer` into `sink` on the calling thread as fast as the CPU
    /// allows, up to `endFrame`; `between` runs before every block (the
    /// renderer readies prompts there). Returns the frames written.
    public static func render(
        mixer: Mixer, into sink: any AudioSink, endFrame: Int64, blockFrames: Int = 32_768, between: (Mixer) -> Void
    ) throws -> Int64 {
        let engine = PlaybackEngine(sampleRate: Int(mixer.sampleRate))
        mixer.sessionEnd = endFrame
        let loop = AudioLoop(mixer: mixer, sinks: [sink], clock: SystemClock(), pacing: nil, blockFrames: blockFrames)
        withoutActuallyEscaping(between) { loop.run(engine: engine, between: $0) }
        if let failure = loop.failure { throw failure }
        // Nothing reports here: drop what the loop handed over.
        engine.retired.drain(take: true) { _ in }
        return mixer.position
    }

    /// Queues `command` for the audio thread (waiting, should 256 be queued already).
    public func perform(_ command: @escaping Command) {
        while !commands.pushFromAnyThread(command) {
            if isFinished { return }
            SystemClock().sleep(for: .milliseconds(1))
        }
    }

    /// Fades the whole mix to silence over `fadeSeconds`, then ends.
    public func stop(fadeSeconds: Double) {
        stopFade.store(Int64(max(0, fadeSeconds) * 1_000_000), ordering: .releasing)
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

    /// Runs the queued commands; the queue keeps them, so they are freed
    /// by the thread that queues the next ones, not here.
    fileprivate func runCommands(on mixer: Mixer) {
        commands.drain(take: false) { $0(mixer) }
    }

    fileprivate func takeStopRequest() -> Double? {
        let fade = stopFade.exchange(-1, ordering: .acquiring)
        return fade < 0 ? nil : Double(fade) / 1_000_000
    }

    fileprivate func report(_ event: consuming EngineEvent) {
        // Dropped rather than waited for, should 64 be waiting already.
        if events.push(moving: event) == nil { eventSignal.signal() }
    }

    /// Moves the channels to the reporter, which frees them; gives them back when the queue is full.
    fileprivate func retire(_ channels: consuming [MixerChannel]) -> [MixerChannel]? {
        let back = retired.push(moving: channels)
        if back == nil { eventSignal.signal() }
        return back
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

    private func reportEvents(logger: Logger, observer: @Sendable (EngineEvent) -> Void) {
        while true {
            eventSignal.wait()
            var batch: [EngineEvent] = []
            events.drain(take: true) { batch.append($0) }
            for event in batch {
                Self.log(event, to: logger)
                // The audio thread marks itself finished just after saying so:
                // an observer told `finished` finds `isFinished` true.
                if case .finished = event { waitUntilFinished() }
                observer(event)
            }
            // Taken out here, the ended channels are freed on this thread.
            retired.drain(take: true) { _ in }
            if isFinished && events.isEmpty { return }
        }
    }

    private static func log(_ event: EngineEvent, to logger: Logger) {
        switch event {
        case .deviceOpened(let device, let configuration):
            logger.info("playing on \(device): \(configuration)")
        case .deviceUnavailable(let device, let reason, let retry):
            logger.warning("\(device) unavailable (\(reason)); the session goes on there silently, retrying in \(retry) s")
        case .deviceLost(let device, let reason):
            logger.warning("lost \(device): \(reason); keeping the session's time and retrying")
        case .underrunsRecovered(let device, let total):
            logger.notice("recovered from an underrun on \(device) (\(total) so far)")
        case .finished(let frames):
            logger.debug("playback finished after \(frames) frames")
        case .paced(let speed):
            if speed > 1 { logger.notice("playing at \(speed) times real speed (--speed): one block in \(speed) is heard") }
        }
    }
}

/// Moves a value to another thread that becomes its only user.
private final class HandOver<Value>: @unchecked Sendable {
    // @unchecked: the creating thread gives the value up at hand-over and never touches it again.
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// One sink the loop plays into, with its own recovery.
private struct Output {
    let sink: any AudioSink
    var retry = DeviceRetry()
    var reportedUnderruns = 0
}

/// The audio thread's loop: render, write, recover, keep time.
private final class AudioLoop {
    let mixer: Mixer
    var outputs: [Output]
    let clock: any MonotonicClock
    /// Nil for a render: as fast as the CPU allows.
    let pacing: Pacing?
    let blockFrames: Int
    /// The output frame where a stop's fade is over.
    var stopEnd: Int64?
    /// Output frames gone by, heard or not (while the device is gone too).
    var written: Int64 = 0
    /// A render's write error, thrown by `render`.
    var failure: (any Error)?
    /// Where the blocks that are not heard go (catching up, or at speed N); allocated once, here.
    private var discard: [Float]

    init(mixer: Mixer, sinks: [any AudioSink], clock: any MonotonicClock, pacing: Pacing?, blockFrames: Int) {
        self.mixer = mixer
        outputs = sinks.map { Output(sink: $0) }
        self.clock = clock
        self.pacing = pacing
        self.blockFrames = blockFrames
        discard = [Float](repeating: 0, count: 2 * blockFrames)
    }

    var speed: Int { pacing?.speed ?? 1 }

    /// The mix frame the loop ends at. The session's end is on its timeline,
    /// which stands still during a pause or a hold and jumps on a skip, while
    /// mix frames always run: so the end moves later by the time held and
    /// earlier by the time skipped (the two clocks agree otherwise).
    var endFrame: Int64? {
        let session = mixer.sessionEnd.map { $0 + (mixer.mixClock - mixer.timelineClock) }
        guard let stopEnd else { return session }
        return min(session ?? stopEnd, stopEnd)
    }

    func run(engine: PlaybackEngine, between: ((Mixer) -> Void)?) {
        var block = [Float](repeating: 0, count: 2 * blockFrames)
        var toRetire: [MixerChannel] = []
        let pacer = pacing.map { Pacer(origin: clock.now(), sampleRate: Int(mixer.sampleRate), pacing: $0) }
        if let pacing { engine.report(.paced(speed: pacing.speed)) }
        for index in outputs.indices { tryOpen(index, engine: engine, pacer: pacer, initial: true) }

        while true {
            engine.runCommands(on: mixer)
            if let fade = engine.takeStopRequest() { beginStop(fadeSeconds: fade) }
            between?(mixer)
            guard let frames = nextBlockFrames() else { break }
            block.withUnsafeMutableBufferPointer { mixer.render(into: $0.baseAddress!, frameCount: frames) }
            // At speed N the mix runs N blocks for every block heard.
            for _ in 1..<max(1, speed) {
                guard let more = nextBlockFrames(atMost: frames) else { break }
                discard.withUnsafeMutableBufferPointer { mixer.render(into: $0.baseAddress!, frameCount: more) }
            }
            if let ended = mixer.takeRetired() { toRetire.append(contentsOf: ended) }
            // Offline nothing is real-time: ended channels are freed right here.
            if !toRetire.isEmpty {
                // Moved out whole, so the reporter holds the only reference and frees them there.
                var outgoing: [MixerChannel] = []
                swap(&outgoing, &toRetire)
                if pacer != nil, let back = engine.retire(consume outgoing) { toRetire = back }
            }

            var heardDelay = 0
            for index in outputs.indices {
                let sink = outputs[index].sink
                if sink.isOpen {
                    do {
                        try block.withUnsafeBufferPointer { try sink.write($0.baseAddress!, frames: frames) }
                        if sink.recoveredUnderruns != outputs[index].reportedUnderruns {
                            outputs[index].reportedUnderruns = sink.recoveredUnderruns
                            engine.report(.underrunsRecovered(device: sink.label, total: sink.recoveredUnderruns))
                        }
                    } catch {
                        guard pacer != nil else {
                            failure = error
                            break
                        }
                        engine.report(.deviceLost(device: sink.label, reason: "\(error)"))
                        outputs[index].retry.lost(at: clock.now())
                    }
                } else if pacer != nil, sink.isReadyToReopen || outputs[index].retry.isDue(at: clock.now()) {
                    tryOpen(index, engine: engine, pacer: pacer, initial: false)
                }
                if sink.isOpen { heardDelay = max(heardDelay, sink.delayFrames()) }
            }
            if failure != nil { break }
            written += Int64(frames)
            let heard = written - Int64(heardDelay)
            engine.publish(playedFrames: max(0, heard) * Int64(speed), timelineFrames: mixer.timelineClock)
            if let pacer, let wake = pacer.wakeUp(afterWriting: written, at: clock.now()) { clock.sleep(until: wake) }
        }
        // A stop's fade is over: what the device still holds is its silent end,
        // not worth the wait (a shutdown has 5 s for the fade and the record).
        for output in outputs where output.sink.isOpen {
            if stopEnd != nil && pacer != nil { output.sink.close() } else { try? output.sink.finish() }
        }
        // A device that took everything early has not played it yet: a
        // session that ran its course ends when the clock says so. A stop
        // does not wait: what is left is its fade's end.
        if let pacer, stopEnd == nil { clock.sleep(until: pacer.instant(of: written)) }
        engine.publish(playedFrames: mixer.position, timelineFrames: mixer.timelineClock)
        engine.report(.finished(playedFrames: mixer.position))
        engine.markFinished()
    }

    /// Frames to render next (at most a block, or `limit`); nil at the end.
    private func nextBlockFrames(atMost limit: Int? = nil) -> Int? {
        var frames = limit ?? blockFrames
        if let endFrame {
            guard mixer.position < endFrame else { return nil }
            frames = Int(min(Int64(frames), endFrame - mixer.position))
        }
        return frames
    }

    private func tryOpen(_ index: Int, engine: PlaybackEngine, pacer: Pacer?, initial: Bool) {
        let sink = outputs[index].sink
        if sink.isOpen { return }
        do {
            let opened = try sink.open()
            // Opening can block (a sound server still starting): that time
            // passed for the session too.
            if let pacer, !initial { catchUp(frames: pacer.target(at: clock.now()) - written) }
            outputs[index].retry.reset()
            engine.report(.deviceOpened(device: sink.label, configuration: opened))
        } catch {
            let now = clock.now()
            if initial { outputs[index].retry.lost(at: now) }
            let wait = outputs[index].retry.scheduleNextAttempt(after: now)
            engine.report(.deviceUnavailable(device: sink.label, reason: "\(error)", retryInSeconds: wait))
        }
    }
    /// Runs the mix forward without playing it, so sound resumes where the
    /// session is now rather than where it was when the device went away.
    private func catchUp(frames: Int64) {
        var remaining = frames
        while remaining > 0, let n = nextBlockFrames(atMost: Int(min(Int64(blockFrames), remaining))) {
            for _ in 0..<max(1, speed) {
                guard let part = nextBlockFrames(atMost: n) else { break }
                discard.withUnsafeMutableBufferPointer { mixer.render(into: $0.baseAddress!, frameCount: part) }
            }
            remaining -= Int64(n)
            written += Int64(n)
        }
    }

    private func beginStop(fadeSeconds: Double) {
        let fadeFrames = Int64(max(0.01, fadeSeconds) * mixer.sampleRate) * Int64(max(1, speed))
        mixer.masterEnvelope.ramp(from: mixer.mixClock, over: fadeFrames, to: Decibels.silenceFloor)
        // The fade is on the mix clock, which runs a look-ahead ahead of the output.
        let stopAt = mixer.mixClock + fadeFrames
        stopEnd = min(stopEnd ?? stopAt, stopAt)
    }
}
