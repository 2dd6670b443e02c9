import Foundation
import Testing

extension EndToEnd {
    /// LeakSanitizer over the real binary: the toolchain's ASan runtime,
    /// preloaded, intercepts every allocation and reports at exit what no
    /// pointer reaches any more. Parsing must not leak: a daemon reloads
    /// its configuration for months.
    @Suite("no leaks")
    struct LeakCheckTests {
        /// The toolchain's shared ASan runtime: `lib/clang/*/lib/linux` next to the `swiftc` on PATH.
        static let runtime: String? = {
            guard let swiftc = tool("swiftc") else { return nil }
            #if arch(x86_64)
                let name = "libclang_rt.asan-x86_64.so"
            #elseif arch(arm64)
                let name = "libclang_rt.asan-aarch64.so"
            #else
                let name = "none"
            #endif
            let clang = swiftc.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lib/clang")
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: clang.path)) ?? []
            return versions.map { clang.appendingPathComponent("\($0)/lib/linux/\(name)").path }
                .first { FileManager.default.fileExists(atPath: $0) }
        }()

        static func checked(_ arguments: [String], in dir: TemporaryDirectory) async throws -> ProcessResult? {
            guard let runtime else { return nil }
            return try await run(
                try Paths.daemon(), arguments,
                environment: ["LD_PRELOAD": runtime, "ASAN_OPTIONS": "detect_leaks=1:exitcode=23:verify_asan_link_order=0"],
                logsIn: dir.url, timeout: .seconds(240))
        }

        @Test(
            "check-config on the shipped configuration, a broken one and a wrong one: no leak",
            .enabled(if: runtime != nil, "the Swift toolchain has no shared ASan runtime"))
        func checkConfig() async throws {
            let dir = try TemporaryDirectory("leak-check")
            defer { dir.remove() }
            let broken = try dir.write("[\n", to: "broken.toml")
            let wrong = try dir.write("[audio]\nvolume = \"loud\"\nnosuch = 1\n[[x]]\n", to: "wrong.toml")
            let shipped = Paths.repositoryRoot.appendingPathComponent("config/winddown.toml").path
            for config in [shipped, broken.path, wrong.path] {
                guard let result = try await Self.checked(["check-config", "--config", config], in: dir) else { return }
                #expect(!result.stderr.contains("LeakSanitizer") && result.status != 23, "\(config): \(result)")
            }
        }

        @Test("a short render: no leak", .enabled(if: runtime != nil, "the Swift toolchain has no shared ASan runtime"))
        func render() async throws {
            let dir = try TemporaryDirectory("leak-render")
            defer { dir.remove() }
            let config = try dir.write(
                "[session]\nroutine = \"demo\"\nduration = \"5m\"\nfade_out = \"0s\"\n[voice]\ntts = \"off\"\n", to: "winddown.toml")
            guard let result = try await Self.checked(
                ["render", "--config", config.path, "--output", dir.file("out.wav").path], in: dir) else { return }
            #expect(result.exitedCleanly && !result.stderr.contains("LeakSanitizer"), "\(result)")
        }
    }
}
