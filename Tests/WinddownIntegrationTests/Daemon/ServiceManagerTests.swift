import Foundation
import Testing

extension EndToEnd {
    /// The daemon under a stand-in for systemd: socket activation with
    /// systemd-socket-activate, the watchdog, and the peer check; and
    /// winddownctl talking to it.
    @Suite("the daemon and the service manager")
    struct ServiceManagerTests {
        // The schedule is off: a test running across 22:30 must not see a session start by itself.
        static let config = "[schedule]\nenabled = false\n[session]\nroutine = \"quick\"\n"

        @Test("socket activation: the daemon serves on the socket systemd-socket-activate passes, and pings the watchdog")
        func socketActivationAndWatchdog() async throws {
            let activate = try #require(tool("systemd-socket-activate"), "systemd-socket-activate (Debian's systemd) is needed")
            let dir = try TemporaryDirectory("activate")
            defer { dir.remove() }
            let config = try dir.write(Self.config, to: "winddown.toml")
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
            let config = try dir.write(Self.config, to: "winddown.toml")
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

extension EndToEnd.ServiceManagerTests {
    @Test("a stale socket left by a crash is replaced; one a live daemon answers on is never taken over")
    func staleAndLiveSockets() async throws {
        let dir = try TemporaryDirectory("stale")
        defer { dir.remove() }
        let config = try dir.write(Self.config, to: "winddown.toml")
        let socketPath = dir.file("control.sock").path
        // A socket file nobody listens on: what a killed daemon leaves behind.
        let orphan = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in socketPath.utf8.enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(orphan, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        close(orphan)

        let first = try LaunchedProcess(
            try Paths.daemon(), ["--config", config.path, "--socket", socketPath, "--state-dir", dir.file("state").path],
            logsIn: dir.url, name: "first")
        var answered = false
        for _ in 0..<100 where !answered {
            answered = (try? SocketClient(path: socketPath).request("ping"))?["ok"] as? Bool == true
            if !answered { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(answered, "the daemon did not replace the stale socket:\n\(first.stderr)")

        let second = try await run(
            try Paths.daemon(), ["--config", config.path, "--socket", socketPath, "--state-dir", dir.file("state2").path],
            logsIn: dir.url, timeout: .seconds(10))
        #expect(!second.exitedCleanly && second.stderr.contains("already answering"), "\(second)")
        #expect((try? SocketClient(path: socketPath).request("ping"))?["ok"] as? Bool == true, "the first daemon lost its socket")
        await first.terminate()
    }
}
