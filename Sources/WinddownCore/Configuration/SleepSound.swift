/// What `audio.sound` names: a sound winddown generates itself, or audio
/// files on disk.
public enum SleepSound: Hashable, Sendable, CustomStringConvertible {
    case builtIn(BuiltInSound)
    /// A path to one audio file or to a folder of them.
    case path(String)

    /// File name endings read as audio files (the formats libsndfile decodes).
    static let audioExtensions: Set<String> = [
        "wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff", "aifc", "au", "caf", "w64", "rf64",
    ]

    /// A value containing a `/` or ending in an audio extension is a path;
    /// otherwise it must be a built-in name (in any letter case). Returns nil
    /// for anything else, such as a misspelt built-in name.
    public init?(parsing text: String) {
        if text.contains("/") || Self.hasAudioExtension(text) {
            self = .path(text)
        } else if let sound = BuiltInSound(rawValue: text.lowercased()) {
            self = .builtIn(sound)
        } else {
            return nil
        }
    }

    static func hasAudioExtension(_ text: String) -> Bool {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return false }
        return audioExtensions.contains(text[text.index(after: dot)...].lowercased())
    }

    /// The value as written in the configuration.
    public var description: String {
        switch self {
        case .builtIn(let sound): sound.rawValue
        case .path(let path): path
        }
    }
}

/// The sleep sounds winddown synthesises, needing no files.
public enum BuiltInSound: String, CaseIterable, Hashable, Sendable {
    /// Noise with more low end than pink: a soft, deep rumble.
    case brown
    /// Noise with equal energy per octave: softer than white noise.
    case pink
    /// Steady rain.
    case rain
    /// Slow waves on a shore.
    case ocean
    /// A low, slowly shifting tone.
    case drone
}

extension BuiltInSound {
    /// A one-line description for people choosing a sound.
    public var summary: String {
        switch self {
        case .brown: "Brown noise: a deep, soft roar, like a distant waterfall."
        case .pink: "Pink noise: an even, balanced hiss, like steady rain on a roof."
        case .rain: "Rain: gentle hiss with scattered drops, rising and easing slowly."
        case .ocean: "Ocean: waves swelling, breaking and drawing back on a shore."
        case .drone: "Drone: a low, warm, slowly shifting hum."
        }
    }


    /// "brown, pink, rain, ocean or drone", for messages.
    public static var namesInWords: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
