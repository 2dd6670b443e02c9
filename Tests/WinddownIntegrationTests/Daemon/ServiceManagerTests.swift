import Foundation
import Testing

extension EndToEnd {
    /// The daemon under a stand-in for systemd: socket activation with
    /// systemd-socket-activate, the watchdog, and the peer check; and
    /// winddownctl talking to it.
    @Suite("the daemon and the service manager")
    struct ServiceManagerTests {
        @Test("socket activation: the daemon serves on the socket systemd-socket-activate passes, and pings the watchdog")
        func socketActivationAndWatchdog() async throws {
            let activate = try #require(tool("systemd-socket-activate"), "systemd-socket-activate (Debian's systemd) is needed")
            let dir = try TemporaryDirectory("activate")
            defer { dir.remove() }
            let config = try dir.write("[session]\nroutine = \"quick\"\n", to: "winddown.toml")
            let socket = dir.file("activated.sock").path
            let notify = NotifyListener(in: dir.url)
            let process = try LaunchedProcess(
                activate,
                ["-l", socket, "-E", "NOTIFY_SOCKET=\(notify.path)", "-E", "WATCHDOG_USEC=1000000",
                    try Paths.daemon().path, "--config", config.path],
                logsIn: dir.url, name: "socket-activate")
            // systemd-socket-activate listens first and starts the daemon on the first connection.
            var answer: [String: Any] = [:]
            for _ in 0..<100 {
                if let reply = try? SocketClient(path: socket).request("ping") {
                    answer = reply
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(answer["ok"] as? Bool == true, "no answer on the activated socket:\n\(process.stderr)")
            #expect(process.stderr.contains("socket systemd passed"), "\(process.stderr)")
            try await Task.sleep(for: .seconds(1.5))
            let notes = notify.drain().joined(separator: "\n")
            #expect(notes.contains("READY=1"), "\(notes)")
            #expect(notes.contains("WATCHDOG=1"), "no watchdog ping within 1.5 s of a 1 s watchdog: \(notes)")
            process.send(SIGTERM)
            let result = await process.finish(timeout: .seconds(10))
            #expect(result.status == 0, "\(result)")
        }

        @Test("another user is refused with a clear answer and a log line; winddownctl shows the status")
        func peerCheckAndClient() async throws {
            let setpriv = try #require(tool("setpriv"), "setpriv (util-linux) is needed")
            try #require(getuid() == 0, "needs root to act as another user")
            let dir = try TemporaryDirectory("peer")
            defer { dir.remove() }
            let config = try dir.write("[session]\nroutine = \"quick\"\n", to: "winddown.toml")
            let socket = dir.file("control.sock").path
            let daemon = try LaunchedProcess(
                try Paths.daemon(), ["--config", config.path, "--socket", socket], logsIn: dir.url, name: "winddownd")
            for _ in 0..<100 where (try? SocketClient(path: socket)) == nil { try await Task.sleep(for: .milliseconds(50)) }
            // Let anyone reach the file, so only the daemon's own check stands in the way.
            chmod(dir.url.path, 0o755)
            chmod(socket, 0o666)
            try #require(tool("socat") != nil, "socat is needed (scripts/bootstrap.sh installs it)")
            let refused = try await run(
                setpriv,
                ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c",
                    "echo status | socat -t 3 - UNIX-CONNECT:\(socket)"],
                logsIn: dir.url)
            #expect(refused.stdout.contains("\"ok\":false") && refused.stdout.contains("permission denied"), "\(refused)")
            #expect(await daemon.waitForLog(timeout: .seconds(3)) { $0.contains("refused a control connection") }, "\(daemon.stderr)")

            let client = try ClientBinary.url()
            let status = try await run(client, ["status", "--socket", socket], logsIn: dir.url)
            #expect(status.exitedCleanly && status.stdout.lowercased().contains("idle"), "\(status)")
            let json = try await run(client, ["status", "--socket", socket, "--json"], logsIn: dir.url)
            #expect(json.stdout.hasPrefix("{\"ok\":true"), "\(json)")
            await daemon.terminate()
        }
    }
}
