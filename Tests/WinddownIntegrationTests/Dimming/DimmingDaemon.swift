import Foundation

/// The real `winddownd` with a dimming hook, for the dimming tests: a
/// session of the sleep sound alone (`routine = "none"`, no tail, no voice)
/// on an ALSA device that does not exist, so no sound card or sound server
/// is needed and the session keeps real time on the monotonic clock.
struct DimmingDaemon {
    let dir: TemporaryDirectory
    let process: LaunchedProcess
    let socket: String
    let notify: NotifyListener

    /// The shipped `log` hook.
    static let logHook = Paths.repositoryRoot.appendingPathComponent("config/hooks/log").path

    /// `[dimming]` lines go in `dimming` (without the table header).
    static func launch(in dir: TemporaryDirectory, dimming: String) async throws -> DimmingDaemon {
        let config = try dir.write(
            """
            [schedule]
            enabled = false
            [session]
            routine = "none"
            duration = "5m"
            fade_out = "0s"
            [audio]
            device = "winddown_no_such_device"
            [voice]
            tts = "off"
            [dimming]
            \(dimming)
            """, to: "winddown.toml")
        let notify = NotifyListener(in: dir.url)
        let socket = dir.file("control.sock").path
        let process = try LaunchedProcess(
            try Paths.daemon(),
            ["--config", config.path, "--socket", socket, "--state-dir", dir.file("state").path],
            // What a hook must never see: the daemon's notify socket and anything else of its environment.
            environment: ["NOTIFY_SOCKET": notify.path, "WINDDOWN_TEST_NOT_FOR_HOOKS": "leak"], logsIn: dir.url,
            name: "winddownd")
        for _ in 0..<200 {
            if (try? SocketClient(path: socket).request("ping"))?["ok"] as? Bool == true { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        return DimmingDaemon(dir: dir, process: process, socket: socket, notify: notify)
    }

    /// Runs `body` with a fresh daemon, then ends it whatever happened.
    static func with(_ label: String, dimming: String, _ body: (DimmingDaemon) async throws -> Void) async throws {
        let dir = try TemporaryDirectory(label)
        defer { dir.remove() }
        let daemon = try await launch(in: dir, dimming: dimming)
        do {
            try await body(daemon)
        } catch {
            await daemon.process.terminate()
            throw error
        }
        await daemon.process.terminate()
    }

    /// Writes an executable shell script into the test's folder.
    func hook(_ name: String, _ body: String) throws -> String {
        let url = try dir.write("#!/bin/sh\n" + body + "\n", to: name)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func request(_ line: String) throws -> [String: Any] { try SocketClient(path: socket).request(line) }

    /// Waits until the session is over (idle again); false after `timeout`.
    func waitForIdle(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try request("status")["state"] as? String == "idle" { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The newest session's history entry.
    func lastOutcome() throws -> String? {
        ((try request("history 1")["sessions"] as? [[String: Any]])?.first)?["outcome"] as? String
    }

    /// What the `log` hook wrote to `file` (by default: `dimming.log` in the state folder).
    func recordedCalls(in file: String = "state/dimming.log") -> [RecordedCall] {
        let text = (try? String(contentsOf: dir.file(file), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { RecordedCall(line: String($0)) }
    }

    /// Waits until the `log` hook has written `count` calls to `file`.
    func waitForCalls(_ count: Int, in file: String = "state/dimming.log", timeout: Duration) async throws -> [RecordedCall] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, recordedCalls(in: file).count < count {
            try await Task.sleep(for: .milliseconds(50))
        }
        return recordedCalls(in: file)
    }

    /// The daemon's resident memory in KiB, from /proc.
    var residentKiB: Int? {
        let status = (try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
    }
}

/// One line of the `log` hook: `TIME epoch=… session=… phase=… level=… transition=…`.
struct RecordedCall: CustomStringConvertible {
    var epoch: Double
    var session: String
    var phase: String
    var level: Int
    var transition: Double

    init?(line: String) {
        var fields: [String: String] = [:]
        for part in line.split(separator: " ") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let epoch = fields["epoch"].flatMap(Double.init), let session = fields["session"], let phase = fields["phase"],
            let level = fields["level"].flatMap(Int.init), let transition = fields["transition"].flatMap(Double.init)
        else { return nil }
        (self.epoch, self.session, self.phase, self.level, self.transition) = (epoch, session, phase, level, transition)
    }

    var description: String { "\(phase) \(level) \(transition)" }
}

/// Whether process `pid` is gone (a zombie counts as gone: it runs no more).
func processIsGone(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}
