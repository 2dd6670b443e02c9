import Foundation
import Testing

/// The real `winddownctl` binary where no daemon is needed: how it reports
/// a daemon that is not there or not reachable, and how it refuses bad
/// arguments before sending anything. (The commands themselves are tested
/// against the real daemon.)
@Suite("winddownctl without a daemon")
struct ClientCommandTests {
    private func winddownctl(_ arguments: [String], environment: [String: String?] = [:]) async throws -> ProcessResult {
        let dir = try TemporaryDirectory("ctl")
        defer { dir.remove() }
        return try await run(try ClientBinary.url(), arguments, environment: environment, logsIn: dir.url, timeout: .seconds(20))
    }

    @Test("no socket: says the daemon is not running, names the path, exits 2", arguments: [
        ["status"], ["ping"], ["volume", "-5"], ["history", "3"], ["watch"], ["status", "--json"],
    ])
    func noSocket(arguments: [String]) async throws {
        let path = "/tmp/winddown-it-no-such-\(getpid()).sock"
        let result = try await winddownctl(arguments + ["--socket", path])
        #expect(!result.timedOut && !result.signalled && result.status == 2, "\(result)")
        #expect(result.stderr.contains("winddownd is not running (no socket at \(path))"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("--socket and --json may also come before the subcommand, as interface.md writes them")
    func optionsFirst() async throws {
        let path = "/tmp/winddown-it-no-such-first-\(getpid()).sock"
        let result = try await winddownctl(["--socket", path, "--json", "status"])
        #expect(result.status == 2 && result.stderr.contains("no socket at \(path)"), "\(result)")
    }

    @Test("a stale socket file nobody listens on reads as not running")
    func staleSocket() async throws {
        let dir = try TemporaryDirectory("ctl-stale")
        defer { dir.remove() }
        let path = dir.file("control.sock").path
        try bindAndClose(path)
        let result = try await winddownctl(["ping", "--socket", path])
        #expect(result.status == 2 && result.stderr.contains("winddownd is not running (no socket at \(path))"), "\(result)")
    }

    @Test("WINDDOWN_SOCKET picks the socket, --socket wins over it")
    func environment() async throws {
        let fromEnvironment = try await winddownctl(["ping"], environment: ["WINDDOWN_SOCKET": "/tmp/winddown-it-env.sock"])
        #expect(fromEnvironment.stderr.contains("/tmp/winddown-it-env.sock"), "\(fromEnvironment)")
        let fromFlag = try await winddownctl(
            ["ping", "--socket", "/tmp/winddown-it-flag.sock"], environment: ["WINDDOWN_SOCKET": "/tmp/winddown-it-env.sock"])
        #expect(fromFlag.stderr.contains("/tmp/winddown-it-flag.sock") && !fromFlag.stderr.contains("env.sock"), "\(fromFlag)")
    }

    @Test("a socket the user may not open: permission denied, exit 2", .enabled(if: geteuid() != 0, "root opens anything"))
    func permissionDenied() async throws {
        let dir = try TemporaryDirectory("ctl-perm")
        defer {
            chmod(dir.url.path, 0o700)
            dir.remove()
        }
        let path = dir.file("control.sock").path
        try bindAndClose(path)
        chmod(dir.url.path, 0o000)
        let result = try await winddownctl(["status", "--socket", path])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("permission denied on \(path): ask to be added to the control.group"), "\(result)")
    }

    @Test("bad arguments are refused before connecting (usage error, exit 64)", arguments: [
        (["volume", "101"], "out of range"),
        (["volume", "loud"], "expected N, +N or -N"),
        (["volume"], "missing the level"),
        (["start", "--duration", "2h"], "must be from 5m to 1h"),
        (["start", "--routine", "Not A Name"], "not a routine name"),
        (["history", "0"], "at least 1"),
        (["schedule", "maybe"], "maybe"),
    ])
    func badArguments(arguments: [String], message: String) async throws {
        let result = try await winddownctl(arguments + ["--socket", "/tmp/winddown-it-unused.sock"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(!result.stderr.contains("not running"), "it tried to connect: \(result)")
    }

    @Test("an unknown subcommand is a usage error")
    func unknownSubcommand() async throws {
        let result = try await winddownctl(["frobnicate"])
        #expect(result.status == 64 && result.stderr.contains("Unexpected argument 'frobnicate'"), "\(result)")
    }

    /// Leaves a socket file behind with nobody listening, as a crashed daemon does.
    private func bindAndClose(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "bind(\(path)) failed: errno \(errno)")
    }
}
