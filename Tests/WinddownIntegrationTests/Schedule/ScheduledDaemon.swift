import Foundation

/// A real `winddownd` for the schedule's tests, with its state folder kept
/// across restarts (which is what these tests are about). Sessions play to
/// an ALSA device that does not exist: the engine then keeps the session's
/// time on the monotonic clock, so sessions run in real time with no sound
/// server to start beside every daemon.
final class ScheduledDaemon {
    let dir: TemporaryDirectory
    let socket: String
    let config: URL
    let notify: NotifyListener
    var stateFolder: URL { dir.file("state") }
    private(set) var process: LaunchedProcess?
    /// Set for every launch, besides NOTIFY_SOCKET.
    var environment: [String: String?] = [:]

    init(_ label: String, config text: String) async throws {
        dir = try TemporaryDirectory(label)
        config = try dir.write(text, to: "winddown.toml")
        notify = NotifyListener(in: dir.url)
        socket = dir.file("control.sock").path
    }

    /// Starts the daemon (again) and waits until its socket answers.
    @discardableResult
    func launch() async throws -> LaunchedProcess {
        let environment = self.environment.merging(["NOTIFY_SOCKET": notify.path]) { _, new in new }
        let process = try LaunchedProcess(
            try Paths.daemon(), ["--config", config.path, "--socket", socket, "--state-dir", stateFolder.path],
            environment: environment, logsIn: dir.url, name: "winddownd")
        self.process = process
        for _ in 0..<400 {
            if (try? SocketClient(path: socket).request("ping"))?["ok"] as? Bool == true { return process }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw SocketClient.Failure(description: "winddownd did not answer on \(socket)\n\(process.stderr)")
    }

    func request(_ line: String) throws -> [String: Any] { try SocketClient(path: socket).request(line) }

    /// Kills the daemon the hard way: no fade, no record, no clean-up.
    func kill9() async {
        guard let process else { return }
        process.send(SIGKILL)
        await process.waitForExit(timeout: .seconds(5))
        // A killed daemon leaves its socket file; the next one replaces a stale socket.
    }

    /// Ends everything this test started.
    func finish() async {
        await process?.terminate()
        dir.remove()
    }

    /// Runs `body`, then ends the daemon and its sound server whatever happened.
    static func with(_ label: String, config: String, _ body: (ScheduledDaemon) async throws -> Void) async throws {
        let daemon = try await ScheduledDaemon(label, config: config)
        do {
            try await body(daemon)
        } catch {
            await daemon.finish()
            throw error
        }
        await daemon.finish()
    }
}

/// Wall-clock helpers: these tests schedule real minutes in UTC.
enum UTCClock {
    static var now: Double { Date().timeIntervalSince1970 }

    /// The next whole minute at least `margin` seconds away.
    static func nextMinute(margin: Double = 12) -> Double {
        let now = self.now
        var minute = (now / 60).rounded(.down) * 60 + 60
        if minute - now < margin { minute += 60 }
        return minute
    }

    /// `"HH:MM"` of an instant, in UTC.
    static func clock(_ instant: Double) -> String {
        let minutes = Int(instant / 60) % 1440
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// `next_run`'s ISO 8601 text read back as an instant.
    static func instant(_ text: String?) -> Double? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// Sleeps until `instant` (wall clock).
    static func sleep(until instant: Double) async throws {
        let wait = instant - now
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
    }
}
