import Foundation

/// The built `winddownctl`: `WINDDOWN_CTL_BINARY`, else the one next to the
/// running test bundle (so `--scratch-path P` tests P's build), else the one
/// next to the `winddownd` that `Paths.daemon()` finds.
enum ClientBinary {
    struct NotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "winddownctl not found; build it first (swift build --build-tests) or set WINDDOWN_CTL_BINARY. Looked at: "
                + searched.joined(separator: ", ")
        }
    }

    static func url() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["WINDDOWN_CTL_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var searched: [String] = []
        let runningFrom = [Bundle.main.executableURL, CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }]
        var folders = runningFrom.compactMap { $0?.resolvingSymlinksInPath().deletingLastPathComponent() }
        if let daemon = try? Paths.daemon() { folders.append(daemon.deletingLastPathComponent()) }
        for start in folders {
            var folder = start
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("winddownctl")
                searched.append(candidate.path)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw NotFound(searched: searched)
    }
}
