#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

/// The text-to-speech engine `voice.tts` selects, resolved to a command
/// line that reads text on stdin and writes WAV on stdout.
public enum SpeechEngine: Sendable, Equatable, CustomStringConvertible {
    /// No engine: prompts are not spoken (chimes still sound).
    case none
    /// espeak-ng from Debian, slowed a little and a touch lower, as the shipped clips are.
    case espeak(executable: String)
    /// piper with a voice model found on the system.
    case piper(executable: String, model: String)
    /// The user's own command, run through /bin/sh.
    case command(String)

    /// Resolves the setting: `auto` tries piper (with a voice model), then espeak-ng.
    public static func resolve(
        _ setting: TextToSpeech, environment: [String: String] = ProcessEnvironment.current
    ) -> SpeechEngine {
        switch setting {
        case .off: return .none
        case .command(let line): return .command(line)
        case .automatic:
            let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            if let piper = findExecutable("piper", in: path), let model = findPiperModel(environment: environment) {
                return .piper(executable: piper, model: model)
            }
            if let espeak = findExecutable("espeak-ng", in: path) { return .espeak(executable: espeak) }
            return .none
        }
    }

    /// The shell command line that speaks stdin to WAV on stdout.
    public var commandLine: String? {
        switch self {
        case .none: nil
        case .espeak(let executable): "\(Self.quote(executable)) --stdin --stdout -v en-gb -s 135 -p 40 -g 4"
        case .piper(let executable, let model):
            "\(Self.quote(executable)) --model \(Self.quote(model)) --length_scale 1.15 --output_file /dev/stdout"
        case .command(let line): line
        }
    }

    /// Part of the cache key: a clip made by another engine or voice is another clip.
    public var identity: String { commandLine ?? "none" }

    public var description: String {
        switch self {
        case .none: "no speech engine"
        case .espeak: "espeak-ng"
        case .piper(_, let model): "piper (\(model))"
        case .command(let line): "command \"\(line)\""
        }
    }

    static func findExecutable(_ name: String, in path: String) -> String? {
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Piper needs a voice model (.onnx); winddown never downloads one.
    static func findPiperModel(environment: [String: String]) -> String? {
        if let model = environment["WINDDOWN_PIPER_MODEL"], access(model, R_OK) == 0 { return model }
        let dataHome = environment["XDG_DATA_HOME"] ?? ((environment["HOME"] ?? "/root") + "/.local/share")
        for folder in [dataHome + "/piper", "/usr/local/share/piper-voices", "/usr/share/piper-voices"] {
            guard let dir = opendir(folder) else { continue }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasSuffix(".onnx") { return folder + "/" + name }
            }
        }
        return nil
    }

    static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
