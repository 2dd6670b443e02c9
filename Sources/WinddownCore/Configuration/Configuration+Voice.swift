extension Configuration {
    /// `[voice]`: how spoken prompts are produced.
    public struct Voice: Equatable, Sendable {
        /// `voice.tts`: the text-to-speech engine for the routine's prompts.
        public var tts: TextToSpeech
    }
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
