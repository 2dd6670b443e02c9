import Foundation
import Testing

@Suite("--version")
struct VersionTests {
    static let programs = ["winddownd", "winddownctl", "winddown-mqtt", "winddown-web", "winddown-mpris"]

    @Test("every program prints the release number of the VERSION file and exits 0")
    func sameEverywhere() async throws {
        let dir = try TemporaryDirectory("version")
        defer { dir.remove() }
        var printed: [String: String] = [:]
        for program in Self.programs {
            let binary = try Paths.daemon().deletingLastPathComponent().appendingPathComponent(program)
            let result = try await run(binary, ["--version"], logsIn: dir.url, timeout: .seconds(20))
            #expect(result.exitedCleanly, "\(result)")
            printed[program] = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let file = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("VERSION"), encoding: .utf8)
        let version = file.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        #expect(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+"#, options: .regularExpression) != nil, "VERSION: \(file)")
        for program in Self.programs {
            #expect(printed[program] == version, "\(program) printed \(printed[program] ?? "nothing"), VERSION says \(version)")
        }
    }
}
