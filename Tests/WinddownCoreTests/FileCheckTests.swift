import Foundation
import Testing
import WinddownCore

@Suite("Checks against the file system")
struct FileCheckTests {
    let folder: URL

    init() throws {
        folder = try makeTemporaryFolder()
        try writeFile("RIFF", to: folder.appendingPathComponent("sounds/rain.wav"))
        try writeFile("#!/bin/sh\n", to: folder.appendingPathComponent("hooks/dim"), permissions: 0o755)
        try writeFile("#!/bin/sh\n", to: folder.appendingPathComponent("hooks/not-executable"), permissions: 0o644)
        try writeFile(Self.minimalTZif, to: folder.appendingPathComponent("zoneinfo/Europe/Berlin"))
        try writeFile("TZif", to: folder.appendingPathComponent("zoneinfo/Broken/Zone"))
    }

    /// A version 1 TZif file with no transitions and one type, UTC.
    static let minimalTZif = "TZif" + String(repeating: "\0", count: 16) + String(repeating: "\0", count: 16)
        + "\0\0\0\u{1}\0\0\0\u{4}" + "\0\0\0\0\0\0" + "UTC\0"

    private func check(_ change: (inout Configuration) -> Void, text: String? = nil) -> [ConfigurationProblem] {
        var config = Configuration.defaults
        change(&config)
        defer { try? FileManager.default.removeItem(at: folder) }
        return config.fileProblems(file: "w.toml", text: text, zoneinfoDirectory: folder.appendingPathComponent("zoneinfo").path)
    }

    private func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    @Test("the defaults name no files")
    func defaultsNameNoFiles() {
        #expect(check { _ in }.isEmpty)
    }

    @Test("files that exist pass")
    func existingFilesPass() {
        let found = check {
            $0.audio.sound = .path(path("sounds/rain.wav"))
            $0.dimming.hook = path("hooks/dim")
            $0.schedule.timezone = "Europe/Berlin"
        }
        #expect(found.isEmpty)
    }

    @Test("a folder of sounds passes")
    func soundFolderPasses() {
        #expect(check { $0.audio.sound = .path(path("sounds")) }.isEmpty)
    }

    @Test("a missing sound path")
    func missingSound() {
        let missing = path("sounds/ocean.flac")
        #expect(check { $0.audio.sound = .path(missing) } == [
            ConfigurationProblem(file: "w.toml", key: "audio.sound", line: nil, message: "no such file or folder: \(missing)")
        ])
    }

    @Test("hooks that are missing, not executable or a folder", arguments: [
        ("hooks/absent", "no such file: %@"),
        ("hooks/not-executable", "%@ is not executable (chmod +x %@)"),
        ("hooks", "%@ is a folder, not a program"),
    ])
    func badHooks(relative: String, messageTemplate: String) {
        let hook = path(relative)
        let found = check { $0.dimming.hook = hook }
        #expect(found.map(\.key) == ["dimming.hook"])
        #expect(found.first?.message == messageTemplate.replacingOccurrences(of: "%@", with: hook))
    }

    @Test("time zones that do not exist", arguments: ["Europe/Nowhere", "Europe", "Mars/Olympus_Mons"])
    func unknownZones(zone: String) {
        #expect(check { $0.schedule.timezone = zone } == [
            ConfigurationProblem(
                file: "w.toml", key: "schedule.timezone", line: nil,
                message: "unknown time zone \"\(zone)\"; names are listed by `timedatectl list-timezones`")
        ])
    }

    @Test("a zone file that is not TZif data")
    func malformedZone() {
        #expect(check { $0.schedule.timezone = "Broken/Zone" } == [
            ConfigurationProblem(
                file: "w.toml", key: "schedule.timezone", line: nil,
                message: "time zone \"Broken/Zone\": TZif data truncated in the header")
        ])
    }

    @Test("problems carry lines when the text is given, in file order")
    func linesFromText() {
        let text = """
            [schedule]
            timezone = "Europe/Nowhere"
            [audio]
            sound = "/nonexistent/rain.wav"
            [dimming]
            hook = "/nonexistent/dim"
            """
        let found = check({
            $0.schedule.timezone = "Europe/Nowhere"
            $0.audio.sound = .path("/nonexistent/rain.wav")
            $0.dimming.hook = "/nonexistent/dim"
        }, text: text)
        #expect(found.map(\.key) == ["schedule.timezone", "audio.sound", "dimming.hook"])
        #expect(found.map(\.line) == [2, 4, 6])
    }
}
