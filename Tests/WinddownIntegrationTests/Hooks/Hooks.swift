import Glibc
import Testing

/// Tests of the shipped dimming hooks in `config/hooks`: each runs the real
/// script as the daemon does (`HOOK PHASE LEVEL TRANSITION_S`, a clean
/// environment, stdin from /dev/null) against a recording HTTP server, a
/// fake sysfs folder or stub display tools.
@Suite("dimming hooks")
struct Hooks {
    /// The repository's `config/hooks` folder, found from this file's path
    /// (`Tests/WinddownIntegrationTests/Hooks/Hooks.swift`).
    static let folder: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/config/hooks"
    }()

    static let shipped = ["backlight", "home-assistant", "hue", "screen"]

    static func script(_ name: String) -> String { "\(folder)/\(name)" }
}

/// A test's folder for running one hook: `bin/` for stub programs (first on
/// PATH), `hooks.env` for settings, and the process logs.
struct HookSandbox {
    let folder: TemporaryDirectory
    var bin: String { folder.path + "/bin" }
    var envFile: String { folder.path + "/hooks.env" }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(_ label: String) throws {
        folder = try TemporaryDirectory(label)
        guard mkdir(folder.path + "/bin", 0o755) == 0 else { throw Failure(description: "mkdir bin: errno \(errno)") }
    }

    func remove() { folder.remove() }

    /// Writes `settings` as the env file's `KEY=value` lines, after a comment.
    func writeSettings(_ settings: [String: String]) throws {
        let lines = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }
        try folder.write("# winddown hook settings\n" + lines.joined(), to: "hooks.env")
    }

    /// A file in the folder; returns its path.
    @discardableResult
    func write(_ text: String, to name: String, mode: mode_t = 0o644) throws -> String {
        try folder.write(text, to: name)
        let path = folder.path + "/" + name
        guard chmod(path, mode) == 0 else { throw Failure(description: "chmod \(path): errno \(errno)") }
        return path
    }

    /// A stub program in `bin/` that appends its arguments, one line per
    /// call, to `<name>.args` in the folder, then runs `then` (shell text).
    func stub(_ name: String, then: String = "exit 0") throws {
        let script = """
            #!/bin/sh
            printf '%s\\n' "$*" >> '\(folder.path)/\(name).args'
            \(then)

            """
        try write(script, to: "bin/\(name)", mode: 0o755)
    }

    /// Lines a stub recorded, oldest first.
    func calls(of stub: String) -> [String] {
        readText(folder.path + "/\(stub).args").split(separator: "\n").map(String.init)
    }

    /// Links the few programs the hooks use into `bin/`, for runs whose PATH
    /// is `bin/` alone (so no real gammastep or brightnessctl is found).
    func linkBasicTools() throws {
        for name in ["awk", "sed", "printenv", "tail", "tr", "cat", "head", "sleep"] {
            let candidates: [String] = ["/usr/bin/\(name)", "/bin/\(name)"]
            guard let target = candidates.first(where: { access($0, X_OK) == 0 }) else {
                throw Failure(description: "no \(name) in /usr/bin or /bin")
            }
            guard symlink(target, "\(bin)/\(name)") == 0 else { throw Failure(description: "symlink \(name): errno \(errno)") }
        }
    }

    /// Runs `hook` as the daemon does: arguments PHASE LEVEL TRANSITION_S,
    /// the same values as WINDDOWN_*, WINDDOWN_HOOK_ENV naming `hooks.env`,
    /// PATH with `bin/` first (or alone), HOME, nothing else unless in
    /// `environment`; stdin is /dev/null.
    func run(
        _ hook: String, _ arguments: [String], environment: [String: String] = [:], onlyStubsOnPath: Bool = false,
        timeout: Duration = .seconds(20)
    ) async throws -> ProcessResult {
        guard let env = tool("env") else { throw Failure(description: "env (coreutils) not found") }
        var clean = [
            "PATH": onlyStubsOnPath ? bin : "\(bin):/usr/local/bin:/usr/bin:/bin",
            "HOME": folder.path,
            "WINDDOWN_HOOK_ENV": envFile,
            "WINDDOWN_SESSION": "test-session",
        ]
        for (index, key) in ["WINDDOWN_PHASE", "WINDDOWN_LEVEL", "WINDDOWN_TRANSITION_S"].enumerated()
        where index < arguments.count {
            clean[key] = arguments[index]
        }
        for (key, value) in environment { clean[key] = value }
        let assignments = clean.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let child = try LaunchedProcess(env, ["-i"] + assignments + [Hooks.script(hook)] + arguments, logsIn: folder.url, name: hook)
        return await child.finish(timeout: timeout)
    }
}

/// The whole text of a file, or "" when it cannot be read.
func readText(_ path: String) -> String {
    guard let file = fopen(path, "r") else { return "" }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension ProcessResult {
    /// Exited by itself with `code`.
    func exited(_ code: Int32) -> Bool { !timedOut && !signalled && status == code }
}
