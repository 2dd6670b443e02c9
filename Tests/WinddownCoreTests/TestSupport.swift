import Foundation
import WinddownCore

/// The problems `Configuration.parse` reports for `text`, or none when it parses.
func problems(in text: String, file: String = "test.toml") -> [ConfigurationProblem] {
    do {
        _ = try Configuration.parse(text, file: file)
        return []
    } catch {
        return error.problems
    }
}

/// A fresh empty folder under the system's temporary folder.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("winddown-core-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to `url`, creating folders on the way, with the given permissions.
func writeFile(_ text: String, to url: URL, permissions: Int = 0o644) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
}
