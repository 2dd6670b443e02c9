#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

/// The text-to-speech engine the `[voice]` settings select, resolved to a
/// command line that reads text on stdin and writes audio on stdout.
public enum SpeechEngine: Sendable, Equatable, CustomStringConvertible {
    /// No engine: prompts are not spoken (chimes still sound).
    case none
    /// eSpeak NG, the formant synthesiser: the fallback.
    case espeak(executable: String, rate: Double)
    /// Piper, the neural voice; a separate program (it is GPL), never linked.
    case piper(PiperVoice, rate: Double)
    /// The user's own command (`voice.tts`), run through /bin/sh.
    case command(String)

    /// eSpeak NG's own pace, in words a minute; `voice.rate` scales it.
    static let espeakWordsPerMinute = 175.0
    /// Piper's pause after each sentence, in seconds.
    static let piperSentencePause = 0.6

    /// Resolves the settings. `voice.tts = "auto"` takes `voice.engine`:
    /// Piper (the environment `make voice` installs, else `piper` on the
    /// PATH) with `voice.model` or the installed voice, else espeak-ng.
    /// `notes` says, for the log, why the engine is not the one asked for.
    public static func resolve(
        _ voice: Configuration.Voice, dataDirectory: String?, environment: [String: String] = ProcessEnvironment.current
    ) -> (engine: SpeechEngine, notes: [String]) {
        switch voice.tts {
        case .off: return (.none, [])
        case .command(let line): return (.command(line), [])
        case .automatic: break
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        // The configuration checks the range; a value made in code is kept inside it too.
        let rate = voice.rate.isFinite ? min(1.5, max(0.5, voice.rate)) : Configuration.Voice.defaultRate
        let espeak = findExecutable("espeak-ng", in: path).map { SpeechEngine.espeak(executable: $0, rate: rate) }
        var notes: [String] = []
        func fallback(_ why: String) -> (engine: SpeechEngine, notes: [String]) {
            notes.append(why + (espeak == nil ? "; espeak-ng is not installed either, so prompts are not spoken" : "; speaking with espeak-ng"))
            return (espeak ?? .none, notes)
        }
        if voice.engine == .espeak {
            if let espeak { return (espeak, []) }
            return (.none, ["voice.engine is espeak-ng, but espeak-ng is not installed; prompts are not spoken"])
        }

        let installed = VoiceEnvironment.find(dataDirectory: dataDirectory, environment: environment)
        guard let executable = installed?.piper ?? findExecutable("piper", in: path) else {
            if voice.engine == .piper || voice.model != nil {
                return fallback("Piper is not installed (run `make voice`, or set WINDDOWN_VOICE_DIR)")
            }
            return espeak.map { ($0, []) } ?? (.none, ["no speech engine is installed (Piper or espeak-ng); prompts are not spoken"])
        }
        let model: String
        if let chosen = voice.model {
            model = chosen
        } else if let bundled = installed?.model ?? findPiperModel(environment: environment) {
            model = bundled
        } else {
            return fallback("Piper is installed but has no voice (set voice.model to a .onnx voice file)")
        }
        switch PiperVoice.load(model: model, executable: executable) {
        case .success(let piper): return (.piper(piper, rate: rate), [])
        case .failure(let problem): return fallback("voice.model: \(problem)")
        }
    }

    /// The shell command line that speaks stdin to stdout.
    public var commandLine: String? {
        switch self {
        case .none: nil
        case .espeak(let executable, let rate):
            "\(Self.quote(executable)) --stdin --stdout -v en-gb -s \(Int((Self.espeakWordsPerMinute * rate).rounded())) -p 40 -g 2"
        case .piper(let voice, let rate):
            // Piper cannot write WAV to a pipe (it seeks back to the header): raw samples, wrapped here.
            "\(Self.quote(voice.executable)) --model \(Self.quote(voice.model)) --length-scale \(Self.lengthScale(rate))"
                + " --sentence-silence \(Self.piperSentencePause) --output-raw"
        case .command(let line): line
        }
    }

    /// Piper's length scale for `rate`: 0.67 of the voice's pace is phonemes 1.49 times as long.
    static func lengthScale(_ rate: Double) -> String {
        let scale = (100 / rate).rounded() / 100
        return String(scale)
    }

    /// The sample rate of raw 16-bit mono samples the engine writes, or nil when it writes a WAV file.
    var rawSampleRate: Int? {
        if case .piper(let voice, _) = self { voice.sampleRate } else { nil }
    }

    /// Part of the cache key: a clip made by another engine, voice or pace is another clip.
    public var identity: String { commandLine ?? "none" }

    /// The engine's name for the log ("piper (en_US-joe-medium)").
    public var description: String {
        switch self {
        case .none: "no speech engine"
        case .espeak: "espeak-ng"
        case .piper(let voice, _): "piper (\(voice.name))"
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

    /// A Piper voice a user installed by hand, in the usual folders.
    static func findPiperModel(environment: [String: String]) -> String? {
        let dataHome = environment["XDG_DATA_HOME"] ?? ((environment["HOME"] ?? "/root") + "/.local/share")
        for folder in [dataHome + "/piper", "/usr/local/share/piper-voices", "/usr/share/piper-voices"] {
            if let model = VoiceEnvironment.firstModel(in: folder) { return model }
        }
        return nil
    }

    static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// A Piper voice: the `.onnx` model and the facts its `.onnx.json` gives.
public struct PiperVoice: Sendable, Equatable {
    public let executable: String
    public let model: String
    /// "en_US-joe-medium": the model's file name without `.onnx`.
    public let name: String
    /// The rate of the samples the model makes.
    public let sampleRate: Int

    /// Checks that `model` is a Piper voice: a readable file with a
    /// `<model>.json` beside it that names its sample rate and phonemes.
    static func load(model: String, executable: String) -> Result<PiperVoice, PiperVoiceProblem> {
        guard FileSystem.kind(of: model) == .file, access(model, R_OK) == 0 else {
            return .failure(PiperVoiceProblem("\(model) is not a readable file"))
        }
        let configPath = model + ".json"
        guard let bytes = try? FileSystem.contents(of: configPath, limit: 1 << 20) else {
            return .failure(PiperVoiceProblem("\(model) is not a Piper voice: \(configPath), its settings, cannot be read"))
        }
        guard let config = try? JSONParser().parse(bytes), config["phoneme_id_map"]?.objectValue != nil,
            let rate = config["audio"]?["sample_rate"]?.intValue, (8000...96_000).contains(rate)
        else {
            return .failure(PiperVoiceProblem("\(model) is not a Piper voice: \(configPath) has no phoneme map or sample rate"))
        }
        let file = model.split(separator: "/").last.map(String.init) ?? model
        let name = file.hasSuffix(".onnx") ? String(file.dropLast(".onnx".count)) : file
        return .success(PiperVoice(executable: executable, model: model, name: name, sampleRate: rate))
    }
}

/// Why a file is not a Piper voice winddown can use.
struct PiperVoiceProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The virtual environment `scripts/install-voice.sh` makes: `bin/piper`
/// and the bundled voice in `voices/`. Found without configuration:
/// `$WINDDOWN_VOICE_DIR`; for an installed daemon (data in
/// `<prefix>/share/winddown`) `<prefix>/lib/winddown/voice`; in a source
/// tree `.venv-voice` at its top.
struct VoiceEnvironment {
    let piper: String
    let model: String?

    static func find(dataDirectory: String?, environment: [String: String]) -> VoiceEnvironment? {
        var candidates: [String] = []
        if let explicit = environment["WINDDOWN_VOICE_DIR"], !explicit.isEmpty { candidates.append(explicit) }
        if let data = dataDirectory {
            if data.hasSuffix("/share/winddown") {
                candidates.append(String(data.dropLast("/share/winddown".count)) + "/lib/winddown/voice")
            }
            candidates.append(data + "/.venv-voice")
        }
        for folder in candidates {
            let piper = folder + "/bin/piper"
            guard access(piper, X_OK) == 0 else { continue }
            return VoiceEnvironment(piper: piper, model: firstModel(in: folder + "/voices"))
        }
        return nil
    }

    /// The first `.onnx` file in `folder`, by name.
    static func firstModel(in folder: String) -> String? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var models: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".onnx") { models.append(folder + "/" + name) }
        }
        return models.min()
    }
}
