import Glibc
import Testing

extension Hooks {
    @Suite("calling convention and lint")
    struct Convention {
        /// Bad calls, and the word the message must name.
        static let badCalls: [(arguments: [String], names: String)] = [
            (["stop", "40", "60"], "PHASE"),
            (["", "40", "60"], "PHASE"),
            (["step", "101", "60"], "LEVEL"),
            (["step", "-1", "60"], "LEVEL"),
            (["step", "4.5", "60"], "LEVEL"),
            (["step", "forty", "60"], "LEVEL"),
            (["step", "40", "-5"], "TRANSITION_S"),
            (["step", "40", "1.2.3"], "TRANSITION_S"),
            (["step", "40", "soon"], "TRANSITION_S"),
            (["step", "40"], "usage"),
        ]

        @Test("a bad PHASE, LEVEL or TRANSITION_S exits 2 and names it", arguments: Hooks.shipped, Convention.badCalls)
        func rejects(hook: String, call: (arguments: [String], names: String)) async throws {
            let sandbox = try HookSandbox("args")
            defer { sandbox.remove() }
            let result = try await sandbox.run(hook, call.arguments)
            #expect(result.exited(2), "\(call.arguments): \(result)")
            #expect(result.stderr.hasPrefix("\(hook): ") && result.stderr.contains(call.names), "\(call.arguments): \(result)")
            #expect(result.stdout.isEmpty)
        }

        @Test("--help prints the header: usage and settings", arguments: Hooks.shipped)
        func help(hook: String) async throws {
            let sandbox = try HookSandbox("help")
            defer { sandbox.remove() }
            let result = try await sandbox.run(hook, ["--help"])
            #expect(result.exited(0), "\(result)")
            #expect(result.stdout.contains("Usage: \(hook) PHASE LEVEL TRANSITION_S"), "\(result)")
            #expect(result.stdout.contains("WINDDOWN_HOOK_ENV") && result.stdout.contains("Install:"), "\(result)")
        }

        @Test("every hook in config/hooks is executable and passes shellcheck -s sh")
        func shellcheck() async throws {
            guard let shellcheck = tool("shellcheck") else {
                Issue.record("shellcheck is not installed: apt install shellcheck (scripts/bootstrap.sh installs it)")
                return
            }
            let hooks = Self.scripts()
            #expect(Set(Hooks.shipped).isSubset(of: hooks), "config/hooks holds \(hooks)")
            for hook in hooks {
                #expect(access(Hooks.script(hook), X_OK) == 0, "\(hook) is not executable")
            }
            let sandbox = try HookSandbox("lint")
            defer { sandbox.remove() }
            let result = try await run(shellcheck, ["-s", "sh"] + hooks.map(Hooks.script), logsIn: sandbox.folder.url)
            #expect(result.exitedCleanly, "\(result)")
        }

        /// The files of config/hooks other than documentation, sorted.
        static func scripts() -> [String] {
            guard let folder = opendir(Hooks.folder) else { return [] }
            defer { closedir(folder) }
            var names: [String] = []
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if !name.hasPrefix(".") && !name.hasSuffix(".md") { names.append(name) }
            }
            return names.sorted()
        }
    }
}
