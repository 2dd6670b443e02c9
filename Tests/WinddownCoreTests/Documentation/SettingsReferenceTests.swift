import Foundation
import Testing
import WinddownCore

/// The configuration reference has one source, docs/reference/settings.toml,
/// rendered into the README's table and winddown.toml(5); these tests hold
/// the source to the loader and both renderings to the source.
@Suite("configuration reference")
struct SettingsReferenceTests {
    /// Tests/WinddownCoreTests/Documentation/<this file> -> the package root.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let loaderKeys = Set(Configuration.knownKeys)

    /// Runs scripts/docs/settings_reference.py with `arguments`.
    static func reference(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appending(path: "scripts/docs/settings_reference.py").path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test("the loader's list of keys holds each key once, from every table")
    func loaderKeys() {
        #expect(Self.loaderKeys.count == Configuration.knownKeys.count, "the loader reads a key twice")
        let tables = Set(Self.loaderKeys.compactMap { $0.split(separator: ".").first.map(String.init) })
        #expect(tables == ["schedule", "session", "audio", "voice", "dimming", "control", "mqtt", "web", "snapcast"])
    }

    @Test("docs/reference/settings.toml names every key the loader reads, once, and no other")
    func sourceMatchesLoader() throws {
        let text = try String(contentsOf: Self.root.appending(path: "docs/reference/settings.toml"), encoding: .utf8)
        let settings = try #require(TOML.parse(text)["setting"]?.array)
        let names = settings.flatMap { $0.table?["names"]?.array?.compactMap(\.string) ?? [] }
        #expect(names.count == Set(names).count, "a key is listed twice")
        #expect(Set(names).subtracting(Self.loaderKeys).isEmpty, "not read by the loader: \(Set(names).subtracting(Self.loaderKeys).sorted())")
        #expect(Self.loaderKeys.subtracting(names).isEmpty, "missing from the reference: \(Self.loaderKeys.subtracting(names).sorted())")
    }

    @Test("the README's table is the reference as it is now, and shows every key the loader reads")
    func readme() throws {
        let check = try Self.reference(["readme", "--check"])
        #expect(check.status == 0, "\(check.errors)")
        let text = try String(contentsOf: Self.root.appending(path: "README.md"), encoding: .utf8)
        let table = try #require(text.components(separatedBy: "<!-- settings reference:").dropFirst().first?
            .components(separatedBy: "<!-- end of settings reference -->").first)
        for key in Self.loaderKeys.sorted() {
            #expect(table.contains("`\(key)`"), "\(key) is not in the README's settings table")
        }
    }

    @Test("winddown.toml(5)'s SETTINGS list has an entry for every key the loader reads")
    func manualPage() throws {
        let rendered = try Self.reference(["mdoc"])
        #expect(rendered.status == 0, "\(rendered.errors)")
        // `.It Cm dimming.from , Cm dimming.to`: the words after each `Cm`.
        let itemKeys = rendered.output.split(separator: "\n").filter { $0.hasPrefix(".It ") }.flatMap { line in
            let words = line.split(separator: " ").map(String.init)
            return zip(words, words.dropFirst()).filter { $0.0 == "Cm" }.map(\.1)
        }
        #expect(Set(itemKeys) == Self.loaderKeys, "\(Set(itemKeys).symmetricDifference(Self.loaderKeys).sorted())")
        #expect(rendered.output.hasPrefix(".Bl -tag"))
        #expect(!rendered.output.contains("`"), "a code span was left unconverted")
    }
}
