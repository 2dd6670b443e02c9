import Foundation
import Testing
import WinddownCore

/// The keys and the file issue 13 added, fed hostile values: each is an
/// error that names what is wrong, never a trap.
@Suite("Hostile values for the voice keys, the weekday tables and the caution file")
struct VoiceAndCautionInputTests {
    @Test("voice.rate: NaN, infinities, huge, negative, zero and the wrong type are refused with the key", arguments: [
        "nan", "inf", "-inf", "1e308", "-1", "0", "\"fast\"", "true", "[1]",
    ])
    func rate(value: String) {
        do {
            _ = try Configuration.parse("[voice]\nrate = \(value)\n", file: "v.toml")
            Issue.record("rate = \(value) accepted")
        } catch {
            let text = error.problems.map(\.description).joined(separator: "\n")
            #expect(text.contains("v.toml:2: voice.rate"), "\(text)")
        }
    }

    @Test("voice.model, voice.engine and session.caution: empty, 1 MiB, control characters")
    func strings() {
        let huge = String(repeating: "x", count: 1 << 20)
        for line in [
            "[voice]\nmodel = \"\"", "[voice]\nmodel = \" \"", "[voice]\nengine = \"\(huge)\"",
            "[session]\ncaution = \"\(huge)\"", "[session]\ncaution = \"first\\u0000\"", "[session]\ncaution = 1",
        ] {
            do {
                _ = try Configuration.parse(line + "\n", file: "v.toml")
                Issue.record("accepted \(line.prefix(40))")
            } catch {
                let text = error.problems.map(\.description).joined(separator: "\n")
                #expect(text.contains("v.toml:2:"), "\(text.prefix(300))")
                #expect(text.count < 4096, "the message repeats a huge value: \(text.count) characters")
            }
        }
    }

    @Test("a weekday table nested, huge or with an array is refused with the day")
    func tables() {
        for value in [
            "{ time = { hour = 23 } }", "{ routine = [\"quick\"] }", "{ duration = \"-5m\" }",
            "{ sound = \"\(String(repeating: "a", count: 1 << 20))\" }", "{ duration = \"99999999999999999999h\" }",
        ] {
            do {
                let parsed = try Configuration.parse("[schedule]\nmon = \(value)\n", file: "w.toml")
                // A long sound name is a path: it parses, and the file check names it.
                #expect(parsed.schedule.night(on: .monday)?.sound != nil, "accepted \(value.prefix(40))")
                #expect(!parsed.fileProblems(file: "w.toml").isEmpty)
            } catch {
                #expect(error.problems.contains { $0.key == "schedule.mon" }, "\(error.problems.prefix(3))")
            }
        }
    }

    @Test("the caution file: missing, empty, not UTF-8, over 64 KiB, a folder or a device all say which file and why")
    func cautionFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winddown-caution-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("caution.txt")
        let library = RoutineLibrary(folders: [], dataDirectory: folder.path)
        func problem() -> String? {
            if case .failure(let error) = SessionCaution.text(in: library) { return error.message }
            return nil
        }
        #expect(problem()?.contains("config/caution.txt") == true)
        for bytes in [Data(), Data("   \n\t".utf8), Data([0xff, 0xfe, 0x00, 0xc3]), Data(count: (64 << 10) + 1)] {
            try bytes.write(to: file)
            let message = try #require(problem(), "accepted \(bytes.count) bytes")
            #expect(message.contains(file.path), "\(message)")
        }
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        #expect(problem()?.contains("folder") == true)
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/dev/zero")
        #expect(problem()?.contains("character device") == true)
        try FileManager.default.removeItem(at: file)
        try Data("Ask a doctor first.\n".utf8).write(to: file)
        #expect(try SessionCaution.text(in: library).get() == "Ask a doctor first.")
    }
}
