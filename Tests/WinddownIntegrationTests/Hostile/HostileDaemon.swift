import Foundation

/// The real `winddownd` for the hostile-input tests: the schedule off, a
/// data folder of the test's own (its `routines/` holds copies of the
/// shipped routines plus whatever a test adds), and sessions on an ALSA
/// device that does not exist, so they keep real time on the monotonic
/// clock without a sound card or server.
struct HostileDaemon {
    let dir: TemporaryDirectory
    let process: LaunchedProcess
    let socket: String
    let config: URL
    let routines: URL

    /// `audio`, `session`: more lines for `[audio]`, `[session]`.
    static func baseConfig(schedule: Bool, device: String = "winddown_no_such_device", audio: String = "", session: String = "") -> String {
        """
        [schedule]
        enabled = \(schedule)
        [session]
        routine = "none"
        duration = "5m"
        fade_out = "0s"
        \(session)
        [audio]
        device = "\(device)"
        \(audio)
        [voice]
        tts = "off"

        """
    }

    static func launch(
        in dir: TemporaryDirectory, config extra: String = "", schedule: Bool = false, device: String = "winddown_no_such_device",
        audio: String = "", session: String = "", stateDir: String? = nil,
        environment: [String: String?] = [:], arguments: [String] = []
    ) async throws -> HostileDaemon {
        let routines = dir.file("data/routines")
        try FileManager.default.createDirectory(at: routines, withIntermediateDirectories: true)
        let shipped = Paths.repositoryRoot.appendingPathComponent("config/routines")
        for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where name.hasSuffix(".toml") {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: routines.appendingPathComponent(name))
        }
        let config = try dir.write(baseConfig(schedule: schedule, device: device, audio: audio, session: session) + extra, to: "winddown.toml")
        let socket = dir.file("control.sock").path
        var merged = environment
        merged["WINDDOWN_DATA_DIR"] = dir.file("data").path
        let process = try LaunchedProcess(
            try Paths.daemon(),
            ["--config", config.path, "--socket", socket, "--state-dir", stateDir ?? dir.file("state").path] + arguments,
            environment: merged, logsIn: dir.url, name: "winddownd")
        let daemon = HostileDaemon(dir: dir, process: process, socket: socket, config: config, routines: routines)
        try await daemon.waitUntilServing()
        return daemon
    }

    static func with(
        _ label: String, config: String = "", environment: [String: String?] = [:], _ body: (HostileDaemon) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory(label)
        defer { dir.remove() }
        let daemon = try await launch(in: dir, config: config, environment: environment)
        do {
            try await body(daemon)
        } catch {
            await daemon.process.terminate()
            throw error
        }
        await daemon.process.terminate()
    }

    /// The same daemon again, on the folder, configuration and state `earlier` had (which has ended).
    static func relaunch(_ earlier: HostileDaemon, arguments: [String] = []) async throws -> HostileDaemon {
        let process = try LaunchedProcess(
            try Paths.daemon(),
            ["--config", earlier.config.path, "--socket", earlier.socket, "--state-dir", earlier.dir.file("state").path] + arguments,
            environment: ["WINDDOWN_DATA_DIR": earlier.dir.file("data").path], logsIn: earlier.dir.url, name: "winddownd")
        let daemon = HostileDaemon(dir: earlier.dir, process: process, socket: earlier.socket, config: earlier.config, routines: earlier.routines)
        try await daemon.waitUntilServing()
        return daemon
    }

    func waitUntilServing() async throws {
        for _ in 0..<400 {
            if (try? SocketClient(path: socket).request("ping"))?["ok"] as? Bool == true { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw SocketClient.Failure(description: "the daemon does not answer on \(socket)\n\(process.stderr)")
    }

    func request(_ line: String) throws -> [String: Any] { try SocketClient(path: socket).request(line) }

    /// `VmRSS` in KiB and `Threads` from /proc.
    var usage: (rssKiB: Int, threads: Int) { Self.usage(of: process.pid) }

    /// `VmRSS` in KiB and `Threads` of any process, from /proc.
    static func usage(of pid: pid_t) -> (rssKiB: Int, threads: Int) {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") ?? -1
        }
        return (field("VmRSS"), field("Threads"))
    }

    /// Waits until `status` says idle.
    func waitForIdle(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try request("status")["state"] as? String == "idle" { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// Runs blocking work (thousands of socket round trips) on a thread of its
/// own: on the test runner's small pool it would starve the tests that are
/// waiting for the wall clock meanwhile (the schedule's).
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

/// Sends `lines` on one connection, pipelined, and reads every answer.
func pipelined(_ lines: [String], to socket: String) throws -> [[String: Any]] {
    let client = try SocketClient(path: socket)
    var answers: [[String: Any]] = []
    // In batches below the server's read-ahead, so nothing waits on a full buffer.
    for batch in stride(from: 0, to: lines.count, by: 16) {
        let slice = lines[batch..<min(batch + 16, lines.count)]
        client.send(raw: Array(slice.map { $0 + "\n" }.joined().utf8))
        for _ in slice {
            let line = try client.readLine()
            answers.append((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:])
        }
    }
    return answers
}
