public import WinddownAudio
public import WinddownCore

/// Plays a session's timeline on the audio thread: at each event's frame
/// it starts the chime, the prompt (prepared by the `PromptStage`), the
/// breathing tone, or turns the duck on and off. Everything it starts is a
/// mixer channel; nothing here waits or reads files.
public final class SessionProgram: MixProgram {
    enum Action {
        case duck(Bool)
        /// A chime or breathing tone, built ahead so the audio thread only adds it.
        case cue(MixerChannel)
        case prompt(ordinal: Int)
    }

    public struct Levels: Sendable {
        /// Gain of spoken prompts, from `audio.voice_volume`.
        public var voiceDecibels: Double
        /// The chime and the breathing tone sit below the voice.
        public var chimeDecibels: Double
        public var breathingDecibels: Double

        public init(voiceVolume: Double) {
            voiceDecibels = VolumeScale.decibels(forPercent: voiceVolume)
            chimeDecibels = voiceDecibels - 10
            breathingDecibels = voiceDecibels - 16
        }
    }

    private let actions: [(frame: Int64, action: Action)]
    private var next = 0
    private let stage: PromptStage
    private let levels: Levels
    private let sampleRate: Double

    public init(timeline: SessionTimeline, stage: PromptStage, levels: Levels) {
        let sampleRate = Double(timeline.sampleRate)
        var actions: [(Int64, Action)] = []
        var ordinal = 0
        for event in timeline.events {
            switch event {
            case .duck(let window):
                actions.append((window.start, .duck(true)))
                actions.append((window.end, .duck(false)))
            case .chime(let chime):
                let channel = MixerChannel(
                    name: "chime", role: .effect, source: ChimeSource(sampleRate: sampleRate), sampleRate: sampleRate,
                    levelDecibels: levels.chimeDecibels)
                actions.append((chime.frame, .cue(channel)))
            case .prompt(let prompt):
                actions.append((prompt.start, .prompt(ordinal: ordinal)))
                ordinal += 1
            case .breathing(let span):
                let tone = BreathToneSource(
                    sampleRate: sampleRate, inhaleSeconds: span.pattern.inhale.seconds,
                    exhaleSeconds: span.pattern.exhale.seconds, seconds: Double(span.end - span.start) / sampleRate)
                let channel = MixerChannel(
                    name: "breathing", role: .effect, source: tone, sampleRate: sampleRate,
                    levelDecibels: levels.breathingDecibels)
                actions.append((span.start, .cue(channel)))
            }
        }
        // Stable: at one frame a duck's end comes before the next duck's start as listed.
        self.actions = actions.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        self.stage = stage
        self.levels = levels
        self.sampleRate = sampleRate
    }

    public func nextEventFrame(atOrAfter frame: Int64) -> Int64? {
        next < actions.count ? max(actions[next].frame, frame) : nil
    }

    public func fire(at frame: Int64, mixer: Mixer) {
        while next < actions.count && actions[next].frame <= frame {
            perform(actions[next].action, mixer: mixer)
            next += 1
        }
    }

    /// A skip: fades out whatever cue is sounding, drops the events before
    /// `frame`, and sets the duck as it should be there.
    public func skip(to frame: Int64, mixer: Mixer) {
        for channel in mixer.channels where channel.role != .bed { channel.stop(fadeFrames: Int(0.25 * sampleRate)) }
        var ducked = false
        while next < actions.count && actions[next].frame < frame {
            if case .duck(let on) = actions[next].action { ducked = on }
            next += 1
        }
        mixer.setDucked(ducked)
        stage.skip(toTimelineFrame: frame)
        mixer.jumpTimeline(to: frame)
    }

    private func perform(_ action: Action, mixer: Mixer) {
        switch action {
        case .duck(let on):
            mixer.setDucked(on)
        case .cue(let channel):
            mixer.add(channel)
        case .prompt(let ordinal):
            if let channel = stage.take(ordinal) { mixer.add(channel) }
        }
    }
}
