import Glibc
import Foundation
import Testing

/// The pieces of `make deb` that need no release build: the package's
/// version, its maintainer scripts, and what it says when a tool is missing.
/// (`make package-test` runs the whole package in a debootstrapped Debian.)
@Suite("Debian packaging")
struct PackagingScriptTests {
    static let root = Paths.repositoryRoot

    /// A copy of VERSION and scripts/package/version.sh in a folder of its own.
    static func versionTree(_ dir: TemporaryDirectory) throws -> URL {
        let tree = dir.file("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("scripts/package"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("VERSION"), to: tree.appendingPathComponent("VERSION"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("scripts/package/version.sh"),
            to: tree.appendingPathComponent("scripts/package/version.sh"))
        return tree
    }

    static func git(_ arguments: [String], in tree: URL, logsIn dir: TemporaryDirectory) async throws {
        let git = try #require(tool("git"))
        let result = try await run(
            git, ["-C", tree.path, "-c", "user.name=test", "-c", "user.email=test@example.invalid"] + arguments,
            logsIn: dir.url)
        try #require(result.exitedCleanly, "\(result)")
    }

    @Test("the version is VERSION's in a clean tree and outside git, and says +dirty when changes are not committed")
    func version() async throws {
        let dir = try TemporaryDirectory("deb-version")
        defer { dir.remove() }
        let tree = try Self.versionTree(dir)
        let script = tree.appendingPathComponent("scripts/package/version.sh")
        let release = try String(contentsOf: tree.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        let outside = try await run(script, [], logsIn: dir.url)
        #expect(outside.exitedCleanly && outside.stdout == release + "\n", "\(outside)")

        try await Self.git(["init", "-q"], in: tree, logsIn: dir)
        try await Self.git(["add", "."], in: tree, logsIn: dir)
        try await Self.git(["commit", "-q", "-m", "release"], in: tree, logsIn: dir)
        let clean = try await run(script, [], logsIn: dir.url)
        #expect(clean.exitedCleanly && clean.stdout == release + "\n", "\(clean)")

        try "edited\n".write(to: tree.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let dirty = try await run(script, [], logsIn: dir.url)
        let pattern = "^" + NSRegularExpression.escapedPattern(for: release) + #"\+dirty\.[0-9]{14}\.[0-9a-f]{7,}\n$"#
        #expect(dirty.exitedCleanly && dirty.stdout.range(of: pattern, options: .regularExpression) != nil, "\(dirty)")

        // A dirty version sorts above the clean one, so the package upgrades it.
        let dpkg = try #require(tool("dpkg"))
        let newer = try await run(
            dpkg, ["--compare-versions", dirty.stdout.trimmingCharacters(in: .newlines), "gt", release], logsIn: dir.url)
        #expect(newer.exitedCleanly, "\(newer)")

        try "not a version\n".write(to: tree.appendingPathComponent("VERSION"), atomically: true, encoding: .utf8)
        let broken = try await run(script, [], logsIn: dir.url)
        #expect(broken.status == 1 && broken.stderr.contains("VERSION must start with a version"), "\(broken)")
    }

    @Test("a missing build tool is named with the Debian package that provides it")
    func missingTool() async throws {
        let dir = try TemporaryDirectory("deb-tools")
        defer { dir.remove() }
        // A PATH with what the script needs before its checks, and dpkg-deb, but no dpkg-shlibdeps.
        let bin = dir.file("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in ["bash", "dirname", "dpkg-deb"] {
            let target = try #require(tool(name), "\(name) is missing")
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent(name), withDestinationURL: target)
        }
        let bash = try #require(tool("bash"))
        let script = Self.root.appendingPathComponent("scripts/package/build-deb.sh")
        let result = try await run(bash, [script.path, dir.file("out").path], environment: ["PATH": bin.path], logsIn: dir.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("dpkg-shlibdeps is missing: apt-get install dpkg-dev"), "\(result)")
    }

    @Test("the maintainer scripts are executable POSIX shell that shellcheck passes, and so are the packaging scripts")
    func scriptsLint() async throws {
        let dir = try TemporaryDirectory("deb-lint")
        defer { dir.remove() }
        let shellcheck = try #require(tool("shellcheck"), "shellcheck is missing: apt-get install shellcheck")
        let maintainer = ["postinst", "prerm", "postrm"].map { Self.root.appendingPathComponent("packaging/debian/\($0)").path }
        for script in maintainer {
            #expect(access(script, X_OK) == 0, "\(script) is not executable")
        }
        let posix = try await run(shellcheck, ["-s", "sh"] + maintainer, logsIn: dir.url)
        #expect(posix.exitedCleanly, "\(posix)")
        let tools = ["scripts/package/build-deb.sh", "scripts/package/test-deb.sh", "scripts/package/version.sh",
                     "scripts/install-docs.sh", "scripts/man/build-pages.sh", "scripts/version-source.sh"]
        let scripts = try await run(shellcheck, tools.map { Self.root.appendingPathComponent($0).path }, logsIn: dir.url)
        #expect(scripts.exitedCleanly, "\(scripts)")
    }
}
