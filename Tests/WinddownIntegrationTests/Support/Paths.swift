import Foundation

/// Where the repository, the built `winddownd` and the test ALSA
/// configuration are, seen from this source file and the running test bundle.
enum Paths {
    /// The repository root: this file is `Tests/WinddownIntegrationTests/Support/Paths.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // WinddownIntegrationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Tests/alsa/capture.conf`: alsa-lib's configuration plus the `winddown_capture` PCM.
    static let captureALSAConfig = repositoryRoot.appendingPathComponent("Tests/alsa/capture.conf")

    /// The ALSA device that records what is played into `file`.
    static func captureDevice(_ file: URL) -> String { "winddown_capture:FILE=\(file.path)" }

    struct BinaryNotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "winddownd not found; build it first (swift build --build-tests [--scratch-path P]) or set WINDDOWN_BINARY. Looked at: "
                + searched.joined(separator: ", ")
        }
    }

    /// The `winddownd` built next to the running test bundle, so a run from
    /// `.build` tests `.build`'s binary and one from `--scratch-path
    /// .build-integration` tests that one. Falls back to the newest
    /// `.build*/debug/winddownd` in the repository. `WINDDOWN_BINARY` overrides.
    static func daemon() throws -> URL {
        let files = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["WINDDOWN_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var searched: [String] = []
        let runningFrom = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
        for executable in runningFrom.compactMap({ $0 }) {
            // Linux: …/debug/winddownPackageTests.xctest is the executable itself;
            // macOS: …/debug/winddownPackageTests.xctest/Contents/MacOS/winddownPackageTests.
            var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("winddownd")
                searched.append(candidate.path)
                if files.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        let buildFolders = (try? files.contentsOfDirectory(atPath: repositoryRoot.path))?.filter { $0.hasPrefix(".build") } ?? []
        let built = buildFolders.map { repositoryRoot.appendingPathComponent("\($0)/debug/winddownd") }
        searched += built.map(\.path)
        let newest = built
            .filter { files.isExecutableFile(atPath: $0.path) }
            .max { modified($0) < modified($1) }
        if let newest { return newest }
        throw BinaryNotFound(searched: searched)
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// A file from the test target's `Fixtures` folder.
    static func fixture(_ name: String) -> URL {
        if let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) { return url }
        // Not copied (an unusual build setup): read it from the source tree.
        return repositoryRoot.appendingPathComponent("Tests/WinddownIntegrationTests/Fixtures/\(name)")
    }
}
