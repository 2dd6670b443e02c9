#if canImport(Glibc)
    import Glibc
#endif
public import Logging
import SndFile
import Subprocess
import Synchronization
import SystemPackage
public import WinddownCore

/// Finds or makes the spoken clip for each prompt text, ahead of time and
/// never on the audio thread:
///
/// 1. with `voice.tts = "auto"` and the shipped voice and pace, the clip
///    shipped in `sounds/prompts` (Piper's voice), named by the text's
///    `PromptKey`, so unchanged text needs no engine;
/// 2. a clip rendered earlier, from the cache;
/// 3. the speech engine, whose output is checked and cached.
///
/// With no engine and no shipped clip the prompt has no audio: the session
/// keeps its timing and chimes, and says so once in the log.
public struct PromptLibrary: Sendable {
    public let engine: SpeechEngine
    /// Why the engine is not the one the settings asked for, for the log.
    public let engineNotes: [String]
    /// Folders holding shipped clips (`<key>.ogg` and friends).
    public let shippedFolders: [String]
    public let cache: PromptCache
    public let useShipped: Bool
    /// How long one prompt may take to speak into a file.
    public var timeoutSeconds: Double = 60
    private let shippedVoices = ShippedVoices()

    public init(
        voice: WinddownCore.Configuration.Voice, dataDirectory: String?, shippedFolders: [String], cache: PromptCache,
        environment: [String: String] = ProcessEnvironment.current
    ) {
        (engine, engineNotes) = SpeechEngine.resolve(voice, dataDirectory: dataDirectory, environment: environment)
        // A chosen command, "off", espeak-ng, another voice or pace means
        // the user's own voice (or none), not the shipped clips.
        if case .automatic = voice.tts {
            useShipped = voice.engine != .espeak && voice.model == nil && voice.rate == WinddownCore.Configuration.Voice.defaultRate
        } else {
            useShipped = false
        }
        self.shippedFolders = shippedFolders
        self.cache = cache
    }

    /// Clips for every text, rendering what is missing. Texts without a clip are absent.
    public func prepare(_ texts: [String], logger: Logger) async -> [String: PromptClip] {
        var clips: [String: PromptClip] = [:]
        var missing = 0
        var failures = 0
        for text in Set(texts).sorted() {
            if let clip = findReady(text) {
                clips[text] = clip
                continue
            }
            guard engine != .none else {
                missing += 1
                continue
            }
            do {
                clips[text] = try await render(text)
            } catch {
                failures += 1
                if failures <= 3 { logger.error("cannot speak prompt \"\(Self.excerpt(text))\": \(error)") }
            }
        }
        if missing > 0 {
            logger.warning("no speech engine (voice.tts = off, or none installed) and no shipped clip for \(missing) prompt(s): those steps run with chimes only")
        }
        if failures > 3 { logger.error("\(failures) prompts could not be spoken in all") }
        return clips
    }

    /// The clips that need no engine now, by text.
    public func readyClips(_ texts: [String]) -> [String: PromptClip] {
        var clips: [String: PromptClip] = [:]
        for text in Set(texts) { clips[text] = findReady(text) }
        return clips
    }

    /// The voice of a shipped clip, read once per folder (every shipped clip is made alike).
    private func voice(ofShipped path: String) -> String {
        let folder = FileSystem.folder(of: path)
        return shippedVoices.known.withLock { voices in
            if let known = voices[folder] { return known }
            let voice = PromptClip.voice(ofShipped: path)
            voices[folder] = voice
            return voice
        }
    }

    /// A clip that needs no engine: shipped (for unchanged text) or cached.
    func findReady(_ text: String) -> PromptClip? {
        if useShipped {
            let key = PromptKey.key(for: text)
            for folder in shippedFolders {
                for ext in ["ogg", "opus", "flac", "wav"] {
                    let path = folder + "/" + key + "." + ext
                    if let seconds = Self.duration(of: path) {
                        return PromptClip(path: path, seconds: seconds, origin: .shipped(voice: voice(ofShipped: path)))
                    }
                }
            }
        }
        let cached = cache.path(forKey: cacheKey(for: text))
        if let seconds = Self.duration(of: cached) { return PromptClip(path: cached, seconds: seconds, origin: .cache) }
        return nil
    }

    func cacheKey(for text: String) -> String {
        PromptKey.key(for: engine.identity + "\n" + PromptKey.normalized(text))
    }

    private func render(_ text: String) async throws -> PromptClip {
        guard let command = engine.commandLine else { throw PromptError("no speech engine") }
        let spoken = PromptKey.normalized(text)
        let timeout = timeoutSeconds
        // The text reaches the engine's standard input from a file, not a pipe:
        // swift-subprocess traps when an engine exits before reading a piped input.
        let input = try Self.unlinkedFile(holding: spoken, in: ProcessEnvironment.current["TMPDIR"] ?? "/tmp")
        let result = try await withThrowingTaskGroup(of: ExecutionRecord?.self) { group in
            group.addTask {
                let run = try await Subprocess.run(
                    .path(FilePath("/bin/sh")), arguments: ["-c", command],
                    input: .fileDescriptor(FileDescriptor(rawValue: input), closeAfterSpawningProcess: true),
                    output: .bytes(limit: 64 << 20), error: .string(limit: 4096))
                return ExecutionRecord(status: run.terminationStatus, output: run.standardOutput, error: run.standardError)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let result else { throw PromptError("the speech engine took longer than \(Int(timeout)) s") }
        guard case .exited(0) = result.status else {
            let detail = result.error.split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw PromptError("\(engine) failed (\(result.status))\(detail)")
        }
        let key = cacheKey(for: text)
        let audio: [UInt8]
        if let rate = engine.rawSampleRate {
            guard !result.output.isEmpty, result.output.count % 2 == 0 else {
                throw PromptError("\(engine) wrote \(result.output.count) bytes, not 16-bit samples")
            }
            audio = WAVHeader.mono16(sampleRate: rate, dataBytes: result.output.count) + result.output
        } else {
            audio = result.output
        }
        try cache.store(audio, key: key)
        let path = cache.path(forKey: key)
        guard let seconds = Self.duration(of: path), seconds > 0 else {
            unlink(path)
            throw PromptError("\(engine) did not write audio on its standard output")
        }
        return PromptClip(path: path, seconds: seconds, origin: .rendered(by: engine.description))
    }

    /// An open file descriptor, at its start, of a file holding `text` that
    /// has no name left (it goes away when closed).
    static func unlinkedFile(holding text: String, in folder: String) throws(PromptError) -> Int32 {
        var template = Array((folder + "/.prompt-text.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw PromptError("cannot make a file for the prompt's text in \(folder): \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                close(fd)
                throw PromptError("cannot write the prompt's text in \(folder)")
            }
            written += count
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// Length in seconds of a readable, non-empty sound file.
    static func duration(of path: String) -> Double? {
        guard access(path, R_OK) == 0, let reader = try? SoundFileReader(path: path), reader.frameCount > 0 else {
            return nil
        }
        return reader.durationSeconds
    }

    static func excerpt(_ text: String) -> String {
        let flat = PromptKey.normalized(text)
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }
}

/// The voice of each shipped folder, once read (a class: the library is a
/// value that is copied, and its copies share what they learnt).
private final class ShippedVoices: Sendable {
    let known = Mutex<[String: String]>([:])
}

/// The 44-byte header of a PCM WAV file.
enum WAVHeader {
    static func mono16(sampleRate: Int, dataBytes: Int) -> [UInt8] {
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        return Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1)
            + le32(sampleRate) + le32(sampleRate * 2) + le16(2) + le16(16) + Array("data".utf8) + le32(dataBytes)
    }
}

private struct ExecutionRecord: Sendable {
    let status: TerminationStatus
    let output: [UInt8]
    let error: String
}
