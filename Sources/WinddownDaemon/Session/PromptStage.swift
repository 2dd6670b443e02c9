public import Logging
import Synchronization
import WinddownAudio
public import WinddownCore

/// Gets each prompt's audio ready a few seconds before the timeline needs
/// it, off the audio thread: a file source whose decoder is already running
/// and whose first second is decoded. The audio thread only takes a ready
/// source out (without waiting for the lock); a prompt that is not ready
/// in time is left out and counted, never waited for.
public final class PromptStage: Sendable {
    struct Entry: Sendable {
        let ordinal: Int
        let start: Int64
        let path: String
    }

    /// How far ahead of its start a prompt is made ready: a few seconds
    /// while playing; offline, where minutes render in a blink, far enough
    /// ahead that decoders work in parallel with the mix instead of holding it up.
    public static let leadSeconds = 4.0
    public static let offlineLeadSeconds = 120.0

    private let entries: [Entry]
    private let sampleRate: Int
    private let realTime: Bool
    private let logger: Logger
    private let ready = Mutex<[Int: ReadyPrompt]>([:])
    /// Index into `entries` of the next prompt to prepare (preparing thread only).
    private let nextToPrepare = Mutex<Int>(0)
    private let late = Atomic<Int>(0)

    private let voiceDecibels: Double

    /// - Parameters:
    ///   - clips: the clip for each prompt text; prompts without one have no audio.
    ///   - voiceDecibels: the prompts' channel level (from `audio.voice_volume`).
    public init(
        timeline: SessionTimeline, clips: [String: PromptClip], voiceDecibels: Double, realTime: Bool, logger: Logger
    ) {
        var entries: [Entry] = []
        var ordinal = 0
        for event in timeline.events {
            guard case .prompt(let prompt) = event else { continue }
            if prompt.hasAudio, let clip = clips[prompt.text] {
                entries.append(Entry(ordinal: ordinal, start: prompt.start, path: clip.path))
            }
            ordinal += 1
        }
        self.entries = entries
        sampleRate = timeline.sampleRate
        self.realTime = realTime
        self.logger = logger
        self.voiceDecibels = voiceDecibels
    }

    /// With the timeline at `frame`, prepares every prompt that starts within
    /// the lead; one whose start has already passed is not worth starting.
    /// Blocks while it opens files: call it from the preparing thread or the renderer.
    public func prepare(upToTimelineFrame frame: Int64) {
        let lead = realTime ? Self.leadSeconds : Self.offlineLeadSeconds
        let horizon = frame + Int64(lead * Double(sampleRate))
        while true {
            let index = nextToPrepare.withLock { $0 }
            guard index < entries.count, entries[index].start <= horizon else { return }
            let entry = entries[index]
            if entry.start >= frame {
                let source: FileSource
                do {
                    source = try FileSource(
                        playlist: Playlist(paths: [entry.path]), sampleRate: sampleRate,
                        options: .init(loop: false, shuffle: false, realTime: realTime), logger: logger)
                } catch {
                    // The prompt is left out (and counted late); the session goes on.
                    logger.error("cannot prepare a prompt: \(error)")
                    nextToPrepare.withLock { $0 = index + 1 }
                    continue
                }
                let channel = MixerChannel(
                    name: "prompt", role: .voice, source: source, sampleRate: Double(sampleRate),
                    levelDecibels: voiceDecibels)
                ready.withLock { $0[entry.ordinal] = ReadyPrompt(channel: channel) }
            }
            nextToPrepare.withLock { $0 = index + 1 }
        }
    }

    /// After a skip: forget prompts before `frame` and prepare from there.
    public func skip(toTimelineFrame frame: Int64) {
        nextToPrepare.withLock { index in
            while index < entries.count && entries[index].start < frame { index += 1 }
        }
    }

    /// Audio thread: the prepared channel for prompt number `ordinal`, if ready.
    func take(_ ordinal: Int) -> MixerChannel? {
        let taken = ready.withLockIfAvailable { $0.removeValue(forKey: ordinal) } ?? nil
        if taken == nil, entries.contains(where: { $0.ordinal == ordinal }) { late.add(1, ordering: .relaxed) }
        return taken?.channel
    }

    /// Prompts that were not ready when their time came.
    public var latePrompts: Int { late.load(ordering: .relaxed) }
}

/// A prepared source on its way to the audio thread, which becomes its only user.
struct ReadyPrompt: @unchecked Sendable {
    // @unchecked: handed over once through the stage's lock; the preparing thread keeps no reference.
    let channel: MixerChannel
}
