import Logging
import Testing
import WinddownCore
@testable import WinddownDaemon

@Suite("Dimming: the hook runner and its output")
struct DimmingHookRunnerTests {
    static func lines(of chunks: [String]) -> (lines: [String], output: HookOutput) {
        var output = HookOutput()
        var lines: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { output.take($0) { lines.append($0) } }
        }
        output.finish { lines.append($0) }
        return (lines, output)
    }

    @Test("output is cut into lines across reads; a last line without a newline still counts")
    func splitsLines() {
        #expect(Self.lines(of: ["one\ntw", "o\n\nthree"]).lines == ["one", "two", "", "three"])
    }

    @Test("a long line is cut at the cap and the rest of it dropped; after the line cap lines are only counted")
    func bounded() {
        let long = String(repeating: "x", count: 5 * HookOutput.maxLineBytes)
        let (cut, _) = Self.lines(of: [long, long, "\nnext\n"])
        #expect(cut.count == 2 && cut[0].hasPrefix(String(repeating: "x", count: HookOutput.maxLineBytes)) && cut[0].hasSuffix("[line cut]"))
        #expect(cut[1] == "next")
        let (many, output) = Self.lines(of: [String(repeating: "a line\n", count: HookOutput.maxLines + 50)])
        #expect(many.count == HookOutput.maxLines && output.droppedLines == 50)
    }

    static func runner(_ hook: String) -> HookRunner {
        HookRunner(
            hook: hook, timeout: .seconds(2),
            baseEnvironment: HookRunner.baseEnvironment(daemon: ["HOME": "/root", "NOTIFY_SOCKET": "/x"], session: "1", hookEnvironmentFile: "/etc/winddown/hooks.env", stateFolder: nil),
            logger: Logger(label: "test"))
    }

    static let call = DimmingCall(at: .zero, phase: .step, level: 40, transition: .seconds(60))

    @Test("exit codes and a hook that cannot start")
    func outcomes() {
        #expect(Self.runner("/bin/true").run(Self.call) == .exited(0))
        #expect(Self.runner("/bin/false").run(Self.call) == .exited(1))
        guard case .spawnFailed(let reason) = Self.runner("/nonexistent/hook").run(Self.call) else {
            Issue.record("a missing hook did not fail to start")
            return
        }
        #expect(reason.contains("/nonexistent/hook"))
    }

    @Test("the environment: a fixed PATH, HOME, the WINDDOWN_* values, nothing of the daemon's own")
    func environment() {
        let environment = HookRunner.baseEnvironment(
            daemon: ["HOME": "/home/me", "LANG": "C.UTF-8", "NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": "1", "LISTEN_FDS": "1", "PATH": "/opt/x"],
            session: "42", hookEnvironmentFile: "/etc/winddown/hooks.env", stateFolder: "/var/lib/winddown")
        #expect(
            environment == [
                "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "WINDDOWN_SESSION": "42",
                "WINDDOWN_HOOK_ENV": "/etc/winddown/hooks.env", "WINDDOWN_STATE_DIR": "/var/lib/winddown",
            ])
    }
}
