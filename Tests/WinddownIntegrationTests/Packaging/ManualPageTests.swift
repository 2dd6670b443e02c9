import Foundation
import Testing

/// The manual pages as `make deb` and `make install` make them: generated
/// from the built programs (swift-argument-parser's generate-manual) and from
/// docs/, then read by the two formatters Debian has.
@Suite("manual pages", .serialized)
struct ManualPageTests {
    static let pages = ["winddownd.8", "winddownctl.1", "winddown-mqtt.1", "winddown-web.1", "winddown-mpris.1", "winddown.toml.5"]

    /// Builds every page into a fresh folder (the script itself fails on any
    /// lint warning) and hands the folder to `body`.
    static func withBuiltPages(_ label: String, _ body: (URL, TemporaryDirectory) async throws -> Void) async throws {
        let dir = try TemporaryDirectory(label)
        defer { dir.remove() }
        let folder = dir.file("pages")
        let bin = try Paths.daemon().deletingLastPathComponent()
        let script = Paths.repositoryRoot.appendingPathComponent("scripts/man/build-pages.sh")
        // The first run compiles generate-manual (seconds on an idle machine, longer beside the other tests).
        let built = try await run(script, [bin.path, folder.path], logsIn: dir.url, timeout: .seconds(900))
        try #require(built.exitedCleanly, "\(built)")
        try await body(folder, dir)
    }

    static func text(_ folder: URL, _ page: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
    }

    @Test("every page is made, and mandoc -T lint and groff -ww -z have nothing to say about any of them")
    func lintClean() async throws {
        try await Self.withBuiltPages("man") { folder, dir in
            let mandoc = try #require(tool("mandoc"), "mandoc is missing: apt-get install mandoc")
            let groff = try #require(tool("groff"), "groff is missing: apt-get install groff-base")
            for page in Self.pages {
                let path = folder.appendingPathComponent(page).path
                #expect(FileManager.default.fileExists(atPath: path), "\(page) was not made")
                let lint = try await run(mandoc, ["-T", "lint", "-W", "warning", path], logsIn: dir.url)
                #expect(lint.exitedCleanly && lint.stdout.isEmpty && lint.stderr.isEmpty, "\(lint)")
                let format = try await run(groff, ["-ww", "-z", "-mandoc", path], logsIn: dir.url)
                #expect(format.exitedCleanly && format.stderr.isEmpty, "\(format)")
                let rendered = try await run(mandoc, ["-T", "utf8", path], logsIn: dir.url)
                #expect(rendered.exitedCleanly && rendered.stdout.count > 1000, "\(rendered)")
                #expect(try Self.text(folder, page).contains(".Sh SEE ALSO"), "\(page) has no SEE ALSO")
            }
        }
    }

    @Test("the command-line pages are the programs' own options and subcommands, in the right sections")
    func generatedFromThePrograms() async throws {
        try await Self.withBuiltPages("man-cli") { folder, dir in

            let daemon = try Self.text(folder, "winddownd.8")
            #expect(daemon.contains(".Dt WINDDOWND 8"))
            for subcommand in ["play", "render", "check-config", "check-audio", "prepare-voice"] {
                #expect(daemon.contains(".It Em \(subcommand)"), "winddownd(8) lacks \(subcommand)")
            }
            #expect(daemon.contains("Fl -sound"), "winddownd(8) lacks render's --sound")
            #expect(daemon.contains(".Sh FILES") && daemon.contains(".Sh ENVIRONMENT"))

            let client = try Self.text(folder, "winddownctl.1")
            for subcommand in ["ping", "status", "watch", "start", "stop", "pause", "resume", "hold", "skip", "extend",
                               "volume", "next", "snooze", "schedule", "history", "reload"] {
                #expect(client.contains(".It Em \(subcommand)"), "winddownctl(1) lacks \(subcommand)")
            }
            for bridge in ["winddown-mqtt", "winddown-web", "winddown-mpris"] {
                let page = try Self.text(folder, "\(bridge).1")
                #expect(page.contains(".Dt \(bridge.uppercased()) 1"))
                #expect(page.contains("Fl -socket") && page.contains("Fl -config"), "\(bridge)(1) lacks its options")
            }
            let version = try String(contentsOf: Paths.repositoryRoot.appendingPathComponent("VERSION"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(client.contains(".Os winddown \(version)"))
        }
    }

    @Test("winddown.toml(5) has an entry for every key of the reference, the routine format and the hook convention")
    func configurationPage() async throws {
        try await Self.withBuiltPages("man-toml") { folder, dir in
            let page = try Self.text(folder, "winddown.toml.5")
            let script = Paths.repositoryRoot.appendingPathComponent("scripts/docs/settings_reference.py")
            let keys = try await run(URL(fileURLWithPath: "/usr/bin/python3"), [script.path, "keys"], logsIn: dir.url)
            try #require(keys.exitedCleanly, "\(keys)")
            #expect(keys.stdoutLines.count > 40)
            for key in keys.stdoutLines {
                #expect(page.contains("Cm \(key)"), "winddown.toml(5) has no entry for \(key)")
            }
            for section in ["SETTINGS", "ROUTINES", "HOOKS", "FILES", "EXAMPLES"] {
                #expect(page.contains(".Sh \(section)"), "winddown.toml(5) lacks \(section)")
            }
            for hookWord in ["WINDDOWN_PHASE", "WINDDOWN_LEVEL", "WINDDOWN_TRANSITION_S", "abort"] {
                #expect(page.contains(hookWord))
            }
            #expect(!page.contains("@SETTINGS@") && !page.contains("@VERSION@") && !page.contains("@DATE@"))
        }
    }
}
