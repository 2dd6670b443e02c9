import Foundation
import Testing

extension EndToEnd {
    /// What an attacker or an unlucky user can throw at the running daemon:
    /// broken files, hostile socket requests, floods, misbehaving hooks,
    /// stray signals and a full disk. None of it may end the daemon or
    /// change what it is doing.
    @Suite("hostile input against the running daemon")
    struct HostileInputTests {
        @Test("a two-byte config on reload and on SIGHUP: refused with its line, the old configuration and the session stay")
        func brokenReload() async throws { try await HostileDaemon.with("reload") { daemon in
            #expect(try daemon.request("start")["ok"] as? Bool == true)
            try "[\n".write(to: daemon.config, atomically: true, encoding: .utf8)
            let answer = try daemon.request("reload")
            #expect(answer["ok"] as? Bool == false, "\(answer)")
            let error = answer["error"] as? String ?? ""
            #expect(error.contains(":1: TOML syntax error") && error.contains("old one stays"), "\(answer)")
            daemon.process.send(SIGHUP)
            try await Task.sleep(for: .milliseconds(300))
            #expect(daemon.process.isRunning, "\(daemon.process.stderr)")
            let status = try daemon.request("status")
            #expect(status["state"] as? String == "running", "\(status)")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
        } }

        @Test("start routine= takes names and paths inside the routine folders only; devices and broken files are refused by name")
        func hostileRoutines() async throws { try await HostileDaemon.with("routines") { daemon in
            try FileManager.default.createSymbolicLink(
                atPath: daemon.routines.appendingPathComponent("zero.toml").path, withDestinationPath: "/dev/zero")
            try "[\n".write(to: daemon.routines.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
            try "[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"a\"\nshare = 1e308\n"
                .write(to: daemon.routines.appendingPathComponent("huge.toml"), atomically: true, encoding: .utf8)
            let cases: [(request: String, says: String)] = [
                ("start routine=/etc/passwd", "not inside a routine folder"),
                ("start routine=/dev/zero", "not inside a routine folder"),
                ("start routine=\(daemon.dir.path)/winddown.toml", "not inside a routine folder"),
                ("start routine=\(daemon.routines.path)/../winddown.toml", "not inside a routine folder"),
                ("start routine=zero", "character device"),
                ("start routine=broken", "broken.toml:1: TOML syntax error"),
                ("start routine=huge", "share"),
                ("start routine=nosuch", "no routine named"),
                ("start routine=\(daemon.routines.path)/nosuch.toml", "no such file"),
                ("start routine=/etc/nosuch/x.toml", "not inside a routine folder"),
            ]
            for (request, says) in cases {
                let answer = try daemon.request(request)
                #expect(answer["ok"] as? Bool == false, "\(request): \(answer)")
                #expect((answer["error"] as? String ?? "").contains(says), "\(request): \(answer)")
            }
            #expect(try daemon.request("status")["state"] as? String == "idle")
            #expect(daemon.process.isRunning)
        } }

        @Test("100,000 refused starts: the daemon answers each, and its memory and thread count stay flat")
        func refusedStarts() async throws { try await HostileDaemon.with("refused") { daemon in
            let kinds = ["start routine=nosuch", "start routine=/etc/shadow", "start duration=99h", "start routine=../x"]
            let socket = daemon.socket
            let warmUp = try await offThePool {
                try pipelined((0..<2000).map { kinds[$0 % kinds.count] }, to: socket).count { $0["ok"] as? Bool == false }
            }
            #expect(warmUp == 2000)
            let before = daemon.usage
            var refused = 0
            for round in 0..<4 {
                refused += try await offThePool {
                    try pipelined((0..<25_000).map { kinds[($0 + round) % kinds.count] }, to: socket)
                        .count { $0["ok"] as? Bool == false && $0["error"] is String }
                }
            }
            let after = daemon.usage
            print("refused starts: \(refused) answered; RSS \(before.rssKiB) → \(after.rssKiB) KiB, threads \(before.threads) → \(after.threads)")
            #expect(refused == 100_000)
            #expect(after.threads == before.threads, "threads \(before.threads) → \(after.threads)")
            #expect(after.rssKiB - before.rssKiB < 8 * 1024, "RSS grew \(before.rssKiB) → \(after.rssKiB) KiB")
            #expect(try daemon.request("ping")["ok"] as? Bool == true)
        } }

        @Test("sessions started and stopped leave no thread behind")
        func sessionThreads() async throws { try await HostileDaemon.with("threads") { daemon in
            var counts: [Int] = []
            for _ in 0..<3 {
                #expect(try daemon.request("start")["ok"] as? Bool == true)
                try await Task.sleep(for: .milliseconds(500))
                #expect(try daemon.request("stop")["ok"] as? Bool == true)
                #expect(try await daemon.waitForIdle(timeout: .seconds(10)))
                try await Task.sleep(for: .milliseconds(300))
                counts.append(daemon.usage.threads)
            }
            #expect(counts[2] <= counts[0], "threads after each session: \(counts)")
        } }

        /// Acting as another user takes root, setpriv, and a Python that user may run.
        static let canActAsNobody = getuid() == 0 && tool("setpriv") != nil && access("/usr/bin/python3", X_OK) == 0

        @Test(
            "300 silent connections from one user: at most its share is held, and root is served at once",
            .enabled(if: canActAsNobody, "needs root, setpriv and /usr/bin/python3 to connect as another user"))
        func oneUserFlood() async throws {
            let setpriv = try #require(tool("setpriv"))
            try await HostileDaemon.with("flood", config: "[control]\ngroup = \"nogroup\"\n") { daemon in
                chmod(daemon.dir.path, 0o755)
                let script = try daemon.dir.write(Self.flooder, to: "flood.py")
                let flooder = try LaunchedProcess(
                    setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", script.path, daemon.socket, "300"],
                    logsIn: daemon.dir.url, name: "flood")
                do {
                    try await Self.checkServed(daemon, during: flooder)
                } catch {
                    flooder.send(SIGKILL)
                    await flooder.waitForExit(timeout: .seconds(5))
                    throw error
                }
                flooder.send(SIGKILL)
                await flooder.waitForExit(timeout: .seconds(5))
            }
        }

        private static func checkServed(_ daemon: HostileDaemon, during flooder: LaunchedProcess) async throws {
            #expect(await flooder.waitForLog(timeout: .seconds(20)) { _ in flooder.stdout.contains("held") }, "\(flooder.stderr)")
            var slowest = 0.0
            for _ in 0..<20 {
                let asked = ContinuousClock.now
                #expect(try daemon.request("ping")["ok"] as? Bool == true)
                slowest = max(slowest, (ContinuousClock.now - asked).seconds)
            }
            let report = flooder.stdout
            print("flood of 300 from uid 65534: \(report.trimmingCharacters(in: .whitespacesAndNewlines)); slowest root ping \(slowest * 1000) ms")
            let held = Int(report.split(separator: " ").dropFirst().first ?? "") ?? -1
            #expect(held >= 1 && held <= 32, "\(report)")
            #expect(report.contains("too many connections from uid 65534"), "\(report)")
            #expect(slowest < 0.2, "root waited \(slowest) s")
            #expect(daemon.process.isRunning)
        }

        /// Opens N connections as fast as it can, sends nothing, then says
        /// how many were held open and what the refused ones were told.
        static let flooder = """
            import socket, sys, time, select
            path, count = sys.argv[1], int(sys.argv[2])
            socks = []
            for _ in range(count):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                socks.append(s)
            time.sleep(1.0)
            held, refused, said = 0, 0, set()
            for s in socks:
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    data = s.recv(4096)
                    refused += 1
                    said.add(data.decode(errors="replace").strip())
                else:
                    held += 1
            print("held", held, "refused", refused, "said", " | ".join(sorted(said)), flush=True)
            time.sleep(60)
            """

        @Test("a hook's background children end with its call")
        func hookGrandchild() async throws {
            let dir = try TemporaryDirectory("grandchild")
            defer { dir.remove() }
            let pids = dir.file("children")
            let hook = try dir.write("#!/bin/sh\nsleep 300 &\necho $! >> \(pids.path)\nexit 0\n", to: "hook")
            chmod(hook.path, 0o755)
            let daemon = try await HostileDaemon.launch(
                in: dir, config: "[dimming]\nhook = \"\(hook.path)\"\ninterval = \"0s\"\n")
            do {
                #expect(try daemon.request("start")["ok"] as? Bool == true)
                var children: [Int32] = []
                let deadline = ContinuousClock.now + .seconds(10)
                while children.isEmpty, ContinuousClock.now < deadline {
                    children = ((try? String(contentsOf: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try #require(!children.isEmpty, "the hook never ran: \(daemon.process.stderr)")
                let gone = ContinuousClock.now + .seconds(3)
                while !children.allSatisfy(processIsGone), ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(50)) }
                #expect(children.allSatisfy(processIsGone), "still running after the call: \(children)")
                #expect(daemon.process.stderr.contains("left processes running"), "\(daemon.process.stderr)")
            } catch {
                await daemon.process.terminate()
                throw error
            }
            _ = try? daemon.request("stop")
            await daemon.process.terminate()
            // Had the daemon missed one, the test ends it (by the PID its hook wrote).
            let children = ((try? String(contentsOf: pids, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int32($0) }
            for child in children where !processIsGone(child) { kill(child, SIGKILL) }
        }

        @Test("stray signals are ignored (SIGUSR1 logs the status), idle and mid-session")
        func straySignals() async throws { try await HostileDaemon.with("signals") { daemon in
            let signals: [Int32] = [SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGXCPU, SIGXFSZ, 34, 40, 50, 64]
            for signo in signals {
                daemon.process.send(signo)
                try await Task.sleep(for: .milliseconds(50))
                #expect(daemon.process.isRunning, "signal \(signo) ended the daemon: \(daemon.process.stderr)")
                #expect(try daemon.request("ping")["ok"] as? Bool == true, "after signal \(signo)")
            }
            #expect(await daemon.process.waitForLog(timeout: .seconds(2)) { $0.contains("status: idle") }, "\(daemon.process.stderr)")
            #expect(try daemon.request("start")["ok"] as? Bool == true)
            for signo in signals {
                daemon.process.send(signo)
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try daemon.request("status")["state"] as? String == "running")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
        } }

        @Test("SIGTERM during start-up is a graceful stop: exit 0")
        func sigtermAtStartUp() async throws {
            let dir = try TemporaryDirectory("early-term")
            defer { dir.remove() }
            let config = try dir.write(HostileDaemon.baseConfig(schedule: true), to: "winddown.toml")
            var handlerAfter: [Double] = []
            for delay in [0, 1, 3, 10, 30, 100] {
                let daemon = try LaunchedProcess(
                    try Paths.daemon(),
                    ["--config", config.path, "--socket", dir.file("c\(delay).sock").path, "--state-dir", dir.file("s\(delay)").path],
                    logsIn: dir.url, name: "winddownd-\(delay)")
                // From the program's first steps on: until the dynamic loader has
                // run it, no handler of any program can be in place.
                while daemon.isRunning, !Self.catchesSIGTERM(daemon.pid), ContinuousClock.now - daemon.launched < .seconds(5) {
                    try await Task.sleep(for: .microseconds(200))
                }
                handlerAfter.append((ContinuousClock.now - daemon.launched).seconds)
                try await Task.sleep(for: .milliseconds(delay))
                daemon.send(SIGTERM)
                let result = await daemon.finish(timeout: .seconds(5))
                #expect(result.exitedCleanly, "SIGTERM \(delay) ms into the start-up: \(result)")
            }
            print("SIGTERM handler in place \(handlerAfter.map { "\(Int($0 * 1000)) ms" }) after exec")
        }

        /// Whether the process has a handler for SIGTERM (its `SigCgt` mask in /proc).
        static func catchesSIGTERM(_ pid: Int32) -> Bool {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
                let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
            else { return false }
            return mask & (1 << (UInt64(SIGTERM) - 1)) != 0
        }

        @Test(
            "a full disk: snooze and schedule off answer ok:false with the reason, and nothing changes",
            .enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
        func fullDisk() async throws {
            let dir = try TemporaryDirectory("full-disk")
            defer { dir.remove() }
            let state = dir.file("state")
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            let mounted = try await run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=256k", "tmpfs", state.path], logsIn: dir.url)
            guard mounted.exitedCleanly else {
                print("skipped: cannot mount a tmpfs here: \(mounted)")
                return
            }
            defer { _ = umount(state.path) }
            let daemon = try await HostileDaemon.launch(in: dir, schedule: true, stateDir: state.path)
            do {
                let before = try daemon.request("next")
                // Fill the file system to the last byte.
                _ = FileManager.default.createFile(atPath: state.path + "/filler", contents: nil)
                let filler = try #require(FileHandle(forWritingAtPath: state.path + "/filler"))
                let block = Data(repeating: 0x55, count: 4096)
                while (try? filler.write(contentsOf: block)) != nil {}
                try? filler.close()

                let snooze = try daemon.request("snooze")
                #expect(snooze["ok"] as? Bool == false, "\(snooze)")
                let snoozeError = snooze["error"] as? String ?? ""
                #expect(snoozeError.contains("No space left") && snoozeError.contains("nothing changed"), "\(snooze)")
                let off = try daemon.request("schedule off")
                #expect(off["ok"] as? Bool == false, "\(off)")
                #expect((off["error"] as? String ?? "").contains("still on"), "\(off)")
                let after = try daemon.request("next")
                #expect(after["next_run"] as? String == before["next_run"] as? String, "\(before) → \(after)")
                #expect(after["schedule"] as? String == "on", "\(after)")

                try FileManager.default.removeItem(atPath: state.path + "/filler")
                #expect(try daemon.request("snooze")["ok"] as? Bool == true)
            } catch {
                await daemon.process.terminate()
                throw error
            }
            await daemon.process.terminate()
        }
    }
}
