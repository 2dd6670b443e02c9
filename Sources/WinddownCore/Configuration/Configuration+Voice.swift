extension Configuration {
    /// `[voice]`: how spoken prompts are produced.
    public struct Voice: Equatable, Sendable {
        /// `voice.tts`: the text-to-speech engine for the routine's prompts.
        public var tts: TextToSpeech
        /// `voice.engine`: which engine `tts = "auto"` uses.
        public var engine: SpeechEngineChoice
        /// `voice.model`: a Piper voice (`.onnx`, with its `.onnx.json`
        /// beside it); nil: the voice installed with winddown.
        public var model: String?
        /// `voice.rate`: the pace, as a share of the engine's own (0.5 to 1.5).
        public var rate: Double

        /// `voice.rate`'s default, the pace the shipped clips were made at.
        public static let defaultRate = 0.67

        public init(
            tts: TextToSpeech, engine: SpeechEngineChoice = .automatic, model: String? = nil, rate: Double = defaultRate
        ) {
            self.tts = tts
            self.engine = engine
            self.model = model
            self.rate = rate
        }
    }
}

/// The values of `voice.engine`.
public enum SpeechEngineChoice: String, Hashable, Sendable, CaseIterable {
    /// Piper when it is installed, else espeak-ng.
    case automatic = "auto"
    /// The Piper neural voice (espeak-ng when Piper cannot be used, with a log line).
    case piper
    /// eSpeak NG, the formant synthesiser.
    case espeak = "espeak-ng"
}

/// The values of `voice.tts`.
public enum TextToSpeech: Hashable, Sendable, CustomStringConvertible {
    /// `"auto"`: use a speech engine found on the system, if any.
    case automatic
    /// `"off"`: no spoken prompts; the routine's timing is kept.
    case off
    /// A command line that reads text on stdin and writes WAV on stdout.
    case command(String)

    /// `"auto"` and `"off"` in any letter case are the keywords; any other
    /// text is a command line. Returns nil for a blank value.
    public init?(parsing text: String) {
        if text.allSatisfy(\.isWhitespace) { return nil }
        switch text.lowercased() {
        case "auto": self = .automatic
        case "off": self = .off
        default: self = .command(text)
        }
    }

    /// The value as written in the configuration.
    public var description: String {
        switch self {
        case .automatic: "auto"
        case .off: "off"
        case .command(let command): command
        }
    }
}
