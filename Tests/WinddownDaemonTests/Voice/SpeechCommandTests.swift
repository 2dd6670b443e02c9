import Foundation
import Logging
import Testing
import WinddownCore
import WinddownDaemon

/// A speech engine command that fails, or exits without reading its text,
/// costs the prompt and nothing else: no trap in the process that ran it.
@Suite("Speech engine commands that fail")
struct SpeechCommandTests {
    @Test("an engine that exits at once, without reading its text, 40 times over: every prompt left out, the process goes on")
    func exitsWithoutReading() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winddown-speech-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = PromptLibrary(
            voice: .init(tts: .command("exit 3")), dataDirectory: nil, shippedFolders: [], cache: PromptCache(directory: folder.path))
        // Long texts: a pipe would still be being written to when the engine is gone.
        let texts = (0..<40).map { "Prompt \($0): " + String(repeating: "breathe in slowly and let it go. ", count: 4000) }
        let clips = await library.prepare(texts, logger: Logger(label: "test"))
        #expect(clips.isEmpty)
    }
}
