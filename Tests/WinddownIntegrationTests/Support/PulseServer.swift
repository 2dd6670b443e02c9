import Foundation

/// A private PulseAudio for one test, started as the test's own child
/// process: a null sink `winddown_test` (which plays in real time, so it
/// paces the daemon like a sound card) and a native-protocol socket in the
/// test's folder.
///
/// As root it runs as a per-user daemon (`--system=false`, the default),
/// which PulseAudio allows with a warning, provided it has a HOME and an
/// XDG_RUNTIME_DIR of its own to write its state, cookie and lock to; `-n`
/// skips default.pa (hardware, udev and D-Bus modules have nothing to find
/// here) and `-F` loads just the two modules. Clients are pointed at it with
/// PULSE_SERVER; autospawn is never involved.
final class PulseServer {
    static let sinkName = "winddown_test"

    let folder: URL
    let socket: URL
    private let script: URL
    private var process: LaunchedProcess?
    private var starts = 0

    init(in folder: URL) throws {
        self.folder = folder
        socket = folder.appendingPathComponent("pulse.sock")
        script = folder.appendingPathComponent("pulse.pa")
        for sub in ["pulse-home", "pulse-runtime"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try """
        load-module module-null-sink sink_name=\(Self.sinkName) rate=48000 channels=2
        load-module module-native-protocol-unix auth-anonymous=1 socket=\(socket.path)
        set-default-sink \(Self.sinkName)

        """.write(to: script, atomically: true, encoding: .utf8)
    }

    /// `unix:<socket>`, for PULSE_SERVER or `--server`.
    var address: String { "unix:\(socket.path)" }

    /// What a client of this server needs in its environment.
    var clientEnvironment: [String: String?] {
        [
            "PULSE_SERVER": address,
            "HOME": folder.appendingPathComponent("pulse-home").path,
            "XDG_RUNTIME_DIR": folder.appendingPathComponent("pulse-runtime").path,
        ]
    }

    var pid: Int32? { process?.pid }
    var isRunning: Bool { process?.isRunning ?? false }
    var log: String { process?.stderr ?? "" }

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the server (again, on the same socket) and waits until a client can talk to it.
    func start(timeout: Duration = .seconds(10)) async throws {
        guard let pulseaudio = tool("pulseaudio") else {
            throw StartFailure(description: "pulseaudio is not installed (scripts/bootstrap.sh installs it)")
        }
        starts += 1
        let server = try LaunchedProcess(
            pulseaudio,
            [
                "-n", "--daemonize=no", "--system=false", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
                "--disable-shm=yes", "--log-target=stderr", "-F", script.path,
            ],
            environment: [
                "HOME": folder.appendingPathComponent("pulse-home").path,
                "XDG_RUNTIME_DIR": folder.appendingPathComponent("pulse-runtime").path,
                "XDG_CONFIG_HOME": folder.appendingPathComponent("pulse-home/.config").path,
                "PULSE_SERVER": nil, "DBUS_SESSION_BUS_ADDRESS": nil,
            ],
            logsIn: folder, name: "pulseaudio-\(starts)")
        process = server
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard server.isRunning else {
                let result = await server.finish(timeout: .seconds(1))
                throw StartFailure(description: "pulseaudio exited at start: \(result)")
            }
            if FileManager.default.fileExists(atPath: socket.path), await answers() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await server.terminate()
        throw StartFailure(description: "pulseaudio did not answer on \(socket.path) within \(timeout):\n\(server.stderr)")
    }

    /// Whether `pactl info` gets an answer.
    private func answers() async -> Bool {
        guard let pactl = tool("pactl"),
            let result = try? await run(pactl, ["--server=\(address)", "info"], environment: clientEnvironment, logsIn: folder,
                timeout: .seconds(3))
        else { return false }
        return result.exitedCleanly
    }

    /// Kills the server the way a crash would: SIGKILL to its PID, no goodbye to clients.
    func crash() async {
        guard let process else { return }
        process.send(SIGKILL)
        await process.waitForExit(timeout: .seconds(5))
    }

    /// Ends the server for good (clean-up).
    func stop() async {
        await process?.terminate()
    }

    /// Records the null sink's monitor for `duration`: what reaches the "speakers".
    func recordSink(for duration: Duration) async throws -> AudioClip {
        guard let parec = tool("parec") else { throw StartFailure(description: "parec is not installed (pulseaudio-utils)") }
        let recorder = try LaunchedProcess(
            parec,
            [
                "--server=\(address)", "--device=\(Self.sinkName).monitor", "--raw", "--format=float32le", "--rate=48000",
                "--channels=2", "--latency-msec=50",
            ],
            environment: clientEnvironment, logsIn: folder, name: "parec")
        try await Task.sleep(for: duration)
        recorder.send(SIGINT)
        let result = await recorder.finish(timeout: .seconds(3))
        let data = (try? Data(contentsOf: recorder.stdoutURL)) ?? Data()
        if data.isEmpty, !result.exitedCleanly {
            throw StartFailure(description: "parec recorded nothing: \(result)")
        }
        return AudioClip(rawFloat32: data, sampleRate: 48_000, channels: 2)
    }

    /// Whether a private PulseAudio can run here at all: starts one and stops it.
    /// Returns nil when it can, else why not (printed, for the skip's log).
    static func unavailableReason() async -> String? {
        guard tool("pulseaudio") != nil else { return "pulseaudio is not installed" }
        do {
            let folder = try TemporaryDirectory("paprobe")
            defer { folder.remove() }
            let server = try PulseServer(in: folder.url)
            do {
                try await server.start()
            } catch {
                return "\(error)"
            }
            await server.stop()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
