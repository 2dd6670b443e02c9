import WinddownCore

/// A spoken prompt ready to play: an audio file and its length.
public struct PromptClip: Sendable, Equatable {
    /// Where a clip came from, for the log.
    public enum Origin: Sendable, Equatable {
        /// Shipped in `sounds/prompts`; `voice` from its `TTS_ENGINE` and
        /// `TTS_VOICE` comments ("piper (en_US-joe-medium)").
        case shipped(voice: String)
        /// Made earlier by an engine and kept in the cache.
        case cache
        /// Made just now, by this engine.
        case rendered(by: String)
    }

    public var path: String
    public var seconds: Double
    public var origin: Origin

    public init(path: String, seconds: Double, origin: Origin) {
        self.path = path
        self.seconds = seconds
        self.origin = origin
    }

    /// Who spoke a shipped clip, from its Ogg comments: "piper
    /// (en_US-joe-medium)", or "an unnamed voice" for a clip without them.
    static func voice(ofShipped path: String) -> String {
        guard let prefix = try? FileSystem.prefix(of: path, length: OggComments.prefixLength),
            let comments = try? OggComments(oggPrefix: prefix), let engine = comments.value("TTS_ENGINE")
        else { return "an unnamed voice" }
        return comments.value("TTS_VOICE").map { "\(engine) (\($0))" } ?? engine
    }

    /// "12 shipped, spoken by piper (en_US-joe-medium), 2 from the cache,
    /// 1 spoken now by espeak-ng": which voice speaks tonight.
    public static func spokenBy(_ clips: some Sequence<PromptClip>) -> String {
        var shipped: [String: Int] = [:]
        var cached = 0
        var rendered: [String: Int] = [:]
        for clip in clips {
            switch clip.origin {
            case .shipped(let voice): shipped[voice, default: 0] += 1
            case .cache: cached += 1
            case .rendered(let engine): rendered[engine, default: 0] += 1
            }
        }
        var parts: [String] = []
        for (voice, count) in shipped.sorted(by: { $0.key < $1.key }) { parts.append("\(count) shipped, spoken by \(voice)") }
        if cached > 0 { parts.append("\(cached) from the cache") }
        for (engine, count) in rendered.sorted(by: { $0.key < $1.key }) { parts.append("\(count) spoken now by \(engine)") }
        return parts.isEmpty ? "none voiced" : parts.joined(separator: ", ")
    }
}
