import Foundation
import Testing

extension EndToEnd {
    /// The dimming hook as the real daemon runs it, over its control socket,
    /// with sessions that keep real time (an absent device; no sound card).
    @Suite("Dimming: the hook in the real daemon")
    struct DimmingHookTests {
        static func now() -> Double { Date().timeIntervalSince1970 }

        @Test("the log hook records the plan: phases, levels, transitions and times")
        func logHookFollowsThePlan() async throws {
            try await DimmingDaemon.with(
                "dim-plan",
                dimming: "hook = \"\(DimmingDaemon.logHook)\"\nfrom = 60\nto = 0\nduration = \"6s\"\ninterval = \"2s\"\noffset = \"1s\"\ncurve = \"linear\""
            ) { daemon in
                // The plan runs on session time, which begins just before the
                // answer to `start`: preparing the session (a debug build
                // measures the sound's loudness for most of a second) is not
                // part of it.
                #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
                let started = Self.now()
                let calls = try await daemon.waitForCalls(4, timeout: .seconds(15))
                #expect(calls.map(\.description) == ["start 60 2.0", "step 40 2.0", "step 20 2.0", "end 0 0.0"], "\(daemon.process.stderr)")
                if calls.count == 4 {
                    let times = calls.map { $0.epoch - started }
                    for (time, expected) in zip(times, [1.0, 3, 5, 7]) {
                        #expect(abs(time - expected) < 0.75, "calls at \(times) s, expected 1, 3, 5, 7")
                    }
                    #expect(Set(calls.map(\.session)).count == 1 && calls[0].session != "none")
                }
                // Done dimming: a stop now sends no abort (the lights are where the plan left them).
                try await Task.sleep(for: .milliseconds(500))
                #expect(try daemon.request("stop")["ok"] as? Bool == true)
                #expect(try await daemon.waitForIdle(timeout: .seconds(6)))
                #expect(try daemon.lastOutcome() == "stopped")
                #expect(daemon.recordedCalls().count == 4)
                #expect(daemon.process.stderr.contains("dimming: 4 hook calls, 0 failed"), "\(daemon.process.stderr)")
            }
        }

        @Test("pause holds the plan; stop sends abort with the level reached; the hook's environment is clean")
        func pauseAndAbort() async throws {
            let dir = try TemporaryDirectory("dim-abort")
            defer { dir.remove() }
            // Settings for hooks come from hooks.env next to winddown.toml.
            try dir.write("WINDDOWN_DIMMING_LOG=\(dir.file("from-hooks-env.log").path)\n", to: "hooks.env")
            let wrapper = try dir.write(
                "#!/bin/sh\nenv > \"\(dir.url.path)/env.$1\"\nexec \"\(DimmingDaemon.logHook)\" \"$@\"\n", to: "wrapper")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
            let daemon = try await DimmingDaemon.launch(
                in: dir, dimming: "hook = \"\(wrapper.path)\"\nfrom = 60\nto = 0\nduration = \"30s\"\ninterval = \"2s\"\ncurve = \"linear\"")
            let log = "from-hooks-env.log"

            #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
            var calls = try await daemon.waitForCalls(2, in: log, timeout: .seconds(5))
            #expect(calls.map(\.description) == ["start 60 2.0", "step 56 2.0"], "\(daemon.process.stderr)")
            try await Task.sleep(for: .milliseconds(700))
            #expect(try daemon.request("pause")["ok"] as? Bool == true)
            let pausedAt = Self.now()
            try await Task.sleep(for: .seconds(4))
            #expect(daemon.recordedCalls(in: log).count == 2, "a call was made while paused: \(daemon.recordedCalls(in: log))")
            #expect(try daemon.request("resume")["ok"] as? Bool == true)
            calls = try await daemon.waitForCalls(3, in: log, timeout: .seconds(4))
            #expect(calls.count == 3 && calls.last?.description == "step 52 2.0", "\(calls)")
            if calls.count == 3 {
                // Due 2 s after the second call in session time: 4 s of pause later in wall time.
                #expect(abs(calls[2].epoch - calls[1].epoch - 6) < 0.8, "the third call came \(calls[2].epoch - calls[1].epoch) s after the second")
                #expect(calls[2].epoch - pausedAt > 3.5)
            }
            try await Task.sleep(for: .milliseconds(1000))
            // `status` says where the lights are: between the last step's level and the one before.
            let lights = try daemon.request("status")["dimming_level"] as? Int
            #expect((50...56).contains(lights ?? -1), "status dimming_level \(String(describing: lights))")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            calls = try await daemon.waitForCalls(4, in: log, timeout: .seconds(5))
            let abort = calls.last
            #expect(abort?.phase == "abort" && abort?.transition == 0, "\(calls)")
            // Half-way between the last step (52) and the one before (56), give or take the timing.
            #expect((52...56).contains(abort?.level ?? -1), "abort at level \(abort?.level ?? -1)")
            #expect(try await daemon.waitForIdle(timeout: .seconds(6)))
            #expect(try daemon.lastOutcome() == "stopped")
            #expect(daemon.recordedCalls(in: log).count == 4)

            let environment = (try? String(contentsOf: dir.file("env.start"), encoding: .utf8)) ?? ""
            let entries = Dictionary(
                environment.split(separator: "\n").compactMap { line -> (String, String)? in
                    let pair = line.split(separator: "=", maxSplits: 1).map(String.init)
                    return pair.count == 2 ? (pair[0], pair[1]) : nil
                }, uniquingKeysWith: { $1 })
            #expect(entries["NOTIFY_SOCKET"] == nil && entries["WINDDOWN_TEST_NOT_FOR_HOOKS"] == nil, "\(environment)")
            #expect(!entries.keys.contains { $0.hasPrefix("LISTEN_") || $0.hasPrefix("WATCHDOG_") }, "\(environment)")
            #expect(entries["PATH"] == "/usr/local/bin:/usr/bin:/bin")
            #expect(entries["WINDDOWN_PHASE"] == "start" && entries["WINDDOWN_LEVEL"] == "60" && entries["WINDDOWN_TRANSITION_S"] == "2")
            #expect(entries["WINDDOWN_SESSION"] == calls.first?.session && entries["WINDDOWN_SESSION"] != nil)
            #expect(entries["WINDDOWN_HOOK_ENV"] == dir.file("hooks.env").path, "\(environment)")
            #expect(entries["WINDDOWN_STATE_DIR"] == dir.file("state").path, "\(environment)")
            #expect(((try? String(contentsOf: dir.file("env.abort"), encoding: .utf8)) ?? "").contains("WINDDOWN_PHASE=abort"))
            await daemon.process.terminate()
        }

        @Test("a hook that hangs is killed at the timeout together with its child; the session goes on")
        func hangingHookIsKilled() async throws {
            let dir = try TemporaryDirectory("dim-hang")
            defer { dir.remove() }
            let hook = try dir.write(
                "#!/bin/sh\necho $$ > \"\(dir.url.path)/hook.pid\"\nsleep 1000 &\necho $! > \"\(dir.url.path)/child.pid\"\nwait\n", to: "hang")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            let daemon = try await DimmingDaemon.launch(
                in: dir, dimming: "hook = \"\(hook.path)\"\nduration = \"20s\"\ninterval = \"0s\"\ntimeout = \"1s\"")

            #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
            var child: Int32?
            for _ in 0..<100 where child == nil {
                child = (try? String(contentsOf: dir.file("child.pid"), encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                try await Task.sleep(for: .milliseconds(20))
            }
            let leader = (try? String(contentsOf: dir.file("hook.pid"), encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(child != nil && leader != nil)
            if let child { #expect(!processIsGone(child), "the hook's child should run until the timeout") }
            let killed = await daemon.process.waitForLog(timeout: .seconds(5)) { $0.contains("still running at the timeout") }
            #expect(killed, "\(daemon.process.stderr)")
            try await Task.sleep(for: .milliseconds(300))
            if let child { #expect(processIsGone(child), "the hook's child \(child) outlived the timeout") }
            if let leader { #expect(processIsGone(leader), "the hook \(leader) outlived the timeout") }
            // The session plays on, and ends as it should when stopped (the abort call hangs too, and is killed).
            #expect(try daemon.request("status")["state"] as? String == "running")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            #expect(try await daemon.waitForIdle(timeout: .seconds(6)))
            #expect(try daemon.lastOutcome() == "stopped")
            let summary = await daemon.process.waitForLog(timeout: .seconds(5)) { $0.contains("dimming: 2 hook calls, 2 failed") }
            #expect(summary, "\(daemon.process.stderr)")
            // The abort call's hook and child (their pids written anew) are gone as well.
            for file in ["hook.pid", "child.pid"] {
                let pid = (try? String(contentsOf: dir.file(file), encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                if let pid { #expect(processIsGone(pid), "\(file) \(pid) outlived the abort call's timeout") }
            }
            await daemon.process.terminate()
        }

        @Test("SIGTERM mid-dimming: the abort call is made and the daemon still exits 0 within 5 s")
        func sigtermAborts() async throws {
            let dir = try TemporaryDirectory("dim-term")
            defer { dir.remove() }
            let daemon = try await DimmingDaemon.launch(
                in: dir, dimming: "hook = \"\(DimmingDaemon.logHook)\"\nfrom = 80\nto = 20\nduration = \"60s\"\ninterval = \"5s\"")
            #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
            _ = try await daemon.waitForCalls(1, timeout: .seconds(5))
            try await Task.sleep(for: .milliseconds(500))
            let sent = ContinuousClock.now
            daemon.process.send(SIGTERM)
            let result = await daemon.process.finish(timeout: .seconds(10))
            #expect(result.status == 0 && !result.signalled, "\(result)")
            #expect(ContinuousClock.now - sent < .seconds(5), "took \(ContinuousClock.now - sent) to stop")
            let calls = daemon.recordedCalls()
            #expect(calls.map(\.phase) == ["start", "abort"], "\(calls)\n\(result.stderr)")
            #expect(calls.last?.level == 80 && calls.last?.transition == 0, "\(calls)")
        }

        @Test("a hook that fails, and one that writes 10 MiB, leave the session alone and the daemon's memory bounded")
        func failingAndFloodingHooks() async throws {
            let dir = try TemporaryDirectory("dim-flood")
            defer { dir.remove() }
            // The first call fails; every later one writes a 10 MiB line and 100,000 short ones.
            let hook = try dir.write(
                """
                #!/bin/sh
                case $1 in
                start) echo "no lights here" >&2; exit 1 ;;
                *) head -c 10485760 /dev/zero | tr '\\0' x; echo; yes 'a line of output' | head -n 100000 ;;
                esac

                """, to: "flood")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            let daemon = try await DimmingDaemon.launch(
                in: dir, dimming: "hook = \"\(hook.path)\"\nduration = \"6s\"\ninterval = \"2s\"\ntimeout = \"20s\"")

            #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
            let failed = await daemon.process.waitForLog(timeout: .seconds(5)) { $0.contains("exit 1") }
            #expect(failed, "\(daemon.process.stderr)")
            try await Task.sleep(for: .milliseconds(1000))
            let before = daemon.residentKiB ?? 0
            let flooded = await daemon.process.waitForLog(timeout: .seconds(25)) {
                $0.components(separatedBy: "more lines of output not logged").count == 4
            }
            #expect(flooded, "\(daemon.process.stderr.suffix(3000))")
            let after = daemon.residentKiB ?? Int.max
            #expect(after - before < 8192, "resident memory grew from \(before) KiB to \(after) KiB")
            #expect(try daemon.request("status")["state"] as? String == "running")
            #expect(try daemon.request("stop")["ok"] as? Bool == true)
            #expect(try await daemon.waitForIdle(timeout: .seconds(6)))
            #expect(try daemon.lastOutcome() == "stopped")
            let log = daemon.process.stderr
            #expect(log.contains("hook flood: no lights here"), "\(log.suffix(3000))")
            #expect(log.contains("[line cut]"))
            #expect(log.contains("dimming: 4 hook calls, 1 failed"), "\(log.suffix(3000))")
            await daemon.process.terminate()
        }

        @Test("with no hook configured nothing runs and nothing is logged about dimming")
        func noHook() async throws {
            try await DimmingDaemon.with("dim-none", dimming: "from = 50") { daemon in
                #expect(try daemon.request("start")["ok"] as? Bool == true, "\(daemon.process.stderr)")
                try await Task.sleep(for: .seconds(2))
                #expect(try daemon.request("stop")["ok"] as? Bool == true)
                #expect(try await daemon.waitForIdle(timeout: .seconds(6)))
                let log = daemon.process.stderr.lowercased()
                #expect(!log.contains("dimming") && !log.contains("hook"), "\(daemon.process.stderr)")
                #expect(!FileManager.default.fileExists(atPath: daemon.dir.file("state/dimming.log").path))
            }
        }
    }
}
