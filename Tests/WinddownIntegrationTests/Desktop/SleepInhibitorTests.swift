import Foundation
import Testing

/// The daemon's logind lock against suspend and idle, against logind's
/// interface as python3-dbusmock's logind template provides it, on a
/// private system bus. The mock keeps a lock listed until the file
/// descriptor it handed out is closed, so `ListInhibitors` shows whether the
/// daemon still holds it.
@Suite(
    "no sleep in the middle of a session (logind's inhibitor lock)", .serialized,
    .enabled(
        if: FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/dbusmock/templates/logind.py") && tool("busctl") != nil,
        "needs Debian's python3-dbusmock and busctl"))
struct SleepInhibitorTests {
    /// A system bus with the mock logind on it, and a daemon that uses it.
    final class Rig {
        let dir: TemporaryDirectory
        let bus: PrivateBus
        let logind: LaunchedProcess
        var daemon: HostileDaemon!

        init(_ label: String) async throws {
            dir = try TemporaryDirectory(label)
            bus = try await PrivateBus(in: dir, name: "system")
            // Debian's interpreter, where Debian's dbusmock is.
            logind = try LaunchedProcess(
                URL(fileURLWithPath: "/usr/bin/python3"), ["-m", "dbusmock", "--system", "--template", "logind"],
                environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address, "PYTHONPATH": nil], logsIn: dir.url, name: "dbusmock-logind")
            let deadline = ContinuousClock.now + .seconds(20)
            while try await inhibitors() == nil {
                guard ContinuousClock.now < deadline, logind.isRunning else {
                    throw LaunchedProcess.SpawnFailure(description: "the mock logind did not start:\n\(logind.stderr)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        func launchDaemon(session: String = "", audio: String = "") async throws {
            daemon = try await HostileDaemon.launch(
                in: dir, audio: audio, session: session, environment: ["DBUS_SYSTEM_BUS_ADDRESS": bus.address], arguments: ["--speed", "60"])
        }

        static func with(_ label: String, _ body: (Rig) async throws -> Void) async throws {
            let rig = try await Rig(label)
            do { try await body(rig) } catch {
                await rig.stop()
                throw error
            }
            await rig.stop()
        }

        func stop() async {
            await daemon?.process.terminate()
            await logind.terminate()
            await bus.stop()
            dir.remove()
        }

        /// logind's list of locks: (what, who, why, mode) each; nil when it does not answer.
        func inhibitors() async throws -> [[String]]? {
            let answer = try await bus.json(
                ["call", "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "ListInhibitors"])
            guard let data = (answer as? [String: Any])?["data"] as? [Any], let list = data.first as? [[Any]] else { return nil }
            return list.map { $0.prefix(4).compactMap { $0 as? String } }
        }

        func waitForLocks(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [[String]] {
            let deadline = ContinuousClock.now + timeout
            var locks: [[String]] = []
            while ContinuousClock.now < deadline {
                locks = try await inhibitors() ?? []
                if locks.count == count { return locks }
                try await Task.sleep(for: .milliseconds(50))
            }
            return locks
        }
    }

    enum Ending: String, CaseIterable, CustomTestStringConvertible {
        case completed, stopped, failed, terminated
        var testDescription: String { rawValue }
    }

    @Test("the lock is taken as the session starts and let go at its end, however it ends", arguments: Ending.allCases)
    func heldForTheSession(ending: Ending) async throws {
        try await Rig.with("inhibit-\(ending.rawValue)") { rig in
            // A sound that is not audio: the session fails as it launches, after the lock is taken.
            let junk = try rig.dir.write("not audio", to: "junk.wav")
            try await rig.launchDaemon(audio: ending == .failed ? "sound = \"\(junk.path)\"" : "")
            let calls = try await rig.bus.monitor()
            #expect(try await rig.inhibitors() == [])

            let started = try rig.daemon.request("start")
            switch ending {
            case .failed:
                #expect(started["ok"] as? Bool == false, "\(started)")
                // It was asked for, then given back.
                let asked = PrivateBus.messages(calls).filter { $0["member"] as? String == "Inhibit" }
                #expect(asked.count == 1, "Inhibit calls: \(asked)")
                let payload = asked.first?["payload"] as? [String: Any]
                #expect(payload?["data"] as? [String] == ["sleep:idle", "winddown", "a wind-down session is playing; the machine may sleep once it has faded out", "block"])
                #expect(try await rig.waitForLocks(0) == [])
                let history = try rig.daemon.request("history 1")
                #expect("\(history)".contains("failed"), "\(history)")
            case .completed, .stopped, .terminated:
                #expect(started["ok"] as? Bool == true, "\(started)")
                let locks = try await rig.waitForLocks(1)
                #expect(locks.count == 1 && locks.first?[0] == "sleep:idle" && locks.first?[1] == "winddown" && locks.first?[3] == "block", "\(locks)")
                switch ending {
                case .completed:
                    // Five minutes at --speed 60: five seconds.
                    #expect(try await rig.daemon.waitForIdle(timeout: .seconds(30)))
                case .stopped:
                    _ = try rig.daemon.request("stop")
                    #expect(try await rig.daemon.waitForIdle(timeout: .seconds(30)))
                default:
                    rig.daemon.process.send(SIGTERM)
                    #expect(await rig.daemon.process.waitForExit(timeout: .seconds(10)))
                }
                #expect(try await rig.waitForLocks(0) == [], "the lock outlived the session")
                if ending != .terminated {
                    #expect(rig.daemon.process.isRunning)
                    #expect(rig.daemon.process.stderr.contains("holding logind's sleep and idle inhibitor lock"))
                }
            }
        }
    }

    @Test("session.inhibit_sleep = false takes no lock")
    func turnedOff() async throws {
        try await Rig.with("inhibit-off") { rig in
            try await rig.launchDaemon(session: "inhibit_sleep = false")
            _ = try rig.daemon.request("start")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await rig.inhibitors() == [])
            #expect(try rig.daemon.request("status")["state"] as? String == "running")
            #expect(!rig.daemon.process.stderr.contains("inhibitor lock"))
            _ = try rig.daemon.request("stop")
        }
    }
}

@Suite("no logind at all")
struct NoLogindTests {
    @Test("without a system bus the session plays, and one line says the machine may sleep")
    func noLogind() async throws {
        let dir = try TemporaryDirectory("no-logind")
        defer { dir.remove() }
        // LaunchedProcess points the daemon at a system bus that does not exist.
        let daemon = try await HostileDaemon.launch(in: dir, arguments: ["--speed", "60"])
        for _ in 0..<2 {
            #expect(try daemon.request("start")["ok"] as? Bool == true)
            #expect(try await daemon.waitForIdle(timeout: .seconds(30)))
        }
        let lines = daemon.process.stderr.split(separator: "\n").filter { $0.contains("no logind inhibitor lock") }
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("it plays on") == true)
        #expect(try daemon.request("history 2")["sessions"].map { "\($0)" }?.contains("completed") == true)
        await daemon.process.terminate()
    }
}
