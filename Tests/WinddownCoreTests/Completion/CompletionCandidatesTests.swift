import Foundation
import Testing
import WinddownCore

@Suite("Tab completion candidates")
struct CompletionCandidatesTests {
    /// A folder made for one test, removed after it.
    final class Folder {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appending(path: "completion-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func file(_ name: String) throws {
            let url = URL(fileURLWithPath: path).appending(path: name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("routines: the names in every folder of the library, each once, that start with what was typed")
    func routines() throws {
        let mine = try Folder(), shipped = try Folder()
        try mine.file("foot-massage.toml")
        try mine.file("forest-walk.toml")
        try mine.file("notes.txt")
        try mine.file(".hidden.toml")
        try shipped.file("foot-massage.toml")
        try shipped.file("quick.toml")
        let library = RoutineLibrary(folders: [mine.path, "/nonexistent/routines", shipped.path])
        #expect(CompletionCandidates.routines(startingWith: "", in: library) == ["foot-massage", "forest-walk", "quick"])
        #expect(CompletionCandidates.routines(startingWith: "fo", in: library) == ["foot-massage", "forest-walk"])
        #expect(CompletionCandidates.routines(startingWith: "x", in: library).isEmpty)
    }

    @Test("sounds: the built-in names, case-blind, with no files offered for a plain word")
    func builtInSounds() {
        #expect(CompletionCandidates.sounds(startingWith: "") == ["brown", "pink", "rain", "ocean", "drone"])
        #expect(CompletionCandidates.sounds(startingWith: "R") == ["rain"])
        #expect(CompletionCandidates.sounds(startingWith: "zz").isEmpty)
    }

    @Test("sounds: a word with a slash goes on into folders and offers their audio files")
    func soundPaths() throws {
        let folder = try Folder()
        try folder.file("waves.flac")
        try folder.file("wind.OGG")
        try folder.file("readme.txt")
        try folder.file(".secret.wav")
        try folder.file("forest/birds.wav")
        let base = folder.path + "/"
        #expect(CompletionCandidates.sounds(startingWith: base) == [base + "forest/", base + "waves.flac", base + "wind.OGG"])
        #expect(CompletionCandidates.sounds(startingWith: base + "w") == [base + "waves.flac", base + "wind.OGG"])
        #expect(CompletionCandidates.sounds(startingWith: base + "forest/") == [base + "forest/birds.wav"])
        #expect(CompletionCandidates.sounds(startingWith: base + ".") == [base + ".secret.wav"])
        #expect(CompletionCandidates.sounds(startingWith: folder.path + "-missing/").isEmpty)
    }
}
