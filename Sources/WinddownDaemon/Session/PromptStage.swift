public import Logging
import Synchronization
import WinddownAudio
public import WinddownCore

/// Gets each prompt's audio ready a few seconds before the timeline needs
/// it, off the audio thread: a file source whose decoder is already running
/// and whose first second is decoded. Each prompt has a slot whose state
/// moves one way only (empty, then ready or given up, then taken) by atomic
/// exchange, so the audio thread takes a ready source out, or marks a late
/// one as given up, without a lock; a prompt that is not ready in time is
/// left out and counted, never waited for.
public final class PromptStage: Sendable {
    struct Entry: Sendable {
        let ordinal: Int
        let start: Int64
        let path: String
        let slot: PromptSlot
    }

    /// How far ahead of its start a prompt is made ready, in session time:
    /// a few seconds while playing (times the speed); offline, where minutes
    /// render in a blink, far enough ahead that decoders work in parallel
    /// with the mix instead of holding it up.
    public static let leadSeconds = 4.0
    public static let offlineLeadSeconds = 120.0

    private let entries: [Entry]
    private let sampleRate: Int
    private let realTime: Bool
    private let lead: Double
    private let logger: Logger
    /// Index into `entries` of the next prompt to prepare (preparing thread only).
    private let nextToPrepare = Mutex<Int>(0)
    /// Prompts before this timeline frame were skipped (written by the audio thread).
    private let skippedBefore = Atomic<Int64>(0)
    private let late = Atomic<Int>(0)
    private let spoken = Atomic<Int>(0)

    private let voiceDecibels: Double

    /// - Parameters:
    ///   - clips: the clip for each prompt text; prompts without one have no audio.
    ///   - voiceDecibels: the prompts' channel level (from `audio.voice_volume`).
    ///   - speed: session seconds per wall second, which stretches the lead.
    public init(
        timeline: SessionTimeline, clips: [String: PromptClip], voiceDecibels: Double, realTime: Bool, speed: Int = 1,
        logger: Logger
    ) {
        var entries: [Entry] = []
        var ordinal = 0
        for event in timeline.events {
            guard case .prompt(let prompt) = event else { continue }
            if prompt.hasAudio, let clip = clips[prompt.text] {
                entries.append(Entry(ordinal: ordinal, start: prompt.start, path: clip.path, slot: PromptSlot()))
            }
            ordinal += 1
        }
        self.entries = entries
        sampleRate = timeline.sampleRate
        self.realTime = realTime
        lead = realTime ? Self.leadSeconds * Double(max(1, speed)) : Self.offlineLeadSeconds
        self.logger = logger
        self.voiceDecibels = voiceDecibels
    }

    /// With the timeline at `frame`, prepares every prompt that starts within
    /// the lead; one whose start has already passed is not worth starting.
    /// Blocks while it opens files: call it from the preparing thread or the renderer.
    public func prepare(upToTimelineFrame frame: Int64) {
        let horizon = frame + Int64(lead * Double(sampleRate))
        let skipped = skippedBefore.load(ordering: .acquiring)
        while true {
            let index = nextToPrepare.withLock { $0 }
            guard index < entries.count, entries[index].start <= horizon else { return }
            let entry = entries[index]
            nextToPrepare.withLock { $0 = index + 1 }
            guard entry.start >= frame, entry.start >= skipped else { continue }
            let source: FileSource
            do {
                source = try FileSource(
                    playlist: Playlist(paths: [entry.path]), sampleRate: sampleRate,
                    options: .init(loop: false, shuffle: false, realTime: realTime), logger: logger)
            } catch {
                // The prompt is left out (and counted late); the session goes on.
                logger.error("cannot prepare a prompt: \(error)")
                continue
            }
            entry.slot.offer(
                MixerChannel(
                    name: "prompt", role: .voice, source: source, sampleRate: Double(sampleRate),
                    levelDecibels: voiceDecibels))
        }
    }

    /// Audio thread, after a skip: prompts before `frame` will not be wanted.
    public func skip(toTimelineFrame frame: Int64) {
        skippedBefore.store(frame, ordering: .releasing)
    }

    /// Audio thread: the prepared channel for prompt number `ordinal`, if ready.
    func take(_ ordinal: Int) -> MixerChannel? {
        guard let entry = entries.first(where: { $0.ordinal == ordinal }) else { return nil }
        let channel = entry.slot.take()
        if channel == nil { late.add(1, ordering: .relaxed) } else { spoken.add(1, ordering: .relaxed) }
        return channel
    }

    /// Prompts that were not ready when their time came.
    public var latePrompts: Int { late.load(ordering: .relaxed) }
    /// Prompts that began to play.
    public var spokenPrompts: Int { spoken.load(ordering: .relaxed) }
    /// Prompts with a clip to play.
    public var voicedPrompts: Int { entries.count }

    /// "spoke 4 of 4 prompts", for the log at a session's end.
    public var summary: String { "spoke \(spokenPrompts) of \(voicedPrompts) prompts" }
}

/// One prompt's hand-over from the preparing thread to the audio thread.
final class PromptSlot: @unchecked Sendable {
    // @unchecked: `channel` is written once by the preparing thread before
    // `state` becomes ready (a releasing exchange) and read by the audio
    // thread only after it saw ready (an acquiring exchange); neither
    // touches it otherwise.
    private static let empty = 0, ready = 1, done = 2
    private let state = Atomic<Int>(PromptSlot.empty)
    private var channel: MixerChannel?

    /// Preparing thread: hands the channel over, unless its time has passed.
    func offer(_ channel: MixerChannel) {
        self.channel = channel
        if !state.compareExchange(expected: Self.empty, desired: Self.ready, ordering: .acquiringAndReleasing).exchanged {
            // Too late: the audio thread gave up on it. It is freed here, off the audio thread.
            self.channel = nil
        }
    }

    /// Audio thread: the channel if it is ready; otherwise the slot is given up.
    func take() -> MixerChannel? {
        let previous = state.exchange(Self.done, ordering: .acquiringAndReleasing)
        guard previous == Self.ready else { return nil }
        defer { channel = nil }
        return channel
    }
}
