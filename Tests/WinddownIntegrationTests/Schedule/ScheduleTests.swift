import Foundation
import Testing

/// The nightly schedule on the real binary and the real wall clock: a start
/// a minute ahead fires on time, a restart does not repeat it, a missed one
/// is caught up within the grace, snooze and the on/off switch survive
/// restarts, and damaged state files never keep the daemon from starting.
///
/// Not serialized with the other end-to-end tests: most of the time here is
/// spent waiting for a minute to come round.
@Suite("the nightly schedule")
struct ScheduleTests {
    static func config(time: String, grace: String = "30m", enabled: Bool = true) -> String {
        """
        [schedule]
        enabled = \(enabled)
        time = "\(time)"
        timezone = "UTC"
        grace = "\(grace)"
        [session]
        routine = "quick"
        duration = "5m"
        [audio]
        device = "winddown_no_such_device"
        sound = "brown"
        volume = 0
        """
    }

    /// The lateness the daemon logged for its scheduled start, in milliseconds.
    static func loggedLateness(_ log: String) -> Double? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("starting the nightly session") }),
            let open = line.range(of: "(", options: .backwards), let close = line.range(of: " after its time)")
        else { return nil }
        let amount = line[open.upperBound..<close.lowerBound]
        if amount.hasSuffix(" ms") { return Double(amount.dropLast(3)) }
        return Double(amount.dropLast(2)).map { $0 * 1000 }
    }

    static func waitForState(_ daemon: ScheduledDaemon, _ wanted: String, within seconds: Double) async throws -> Bool {
        let deadline = UTCClock.now + seconds
        while UTCClock.now < deadline {
            if try daemon.request("status")["state"] as? String == wanted { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("a start one minute ahead fires within a second of the minute; killed and restarted just after, it does not start again and the cut session is recorded")
    func firesOnceOnTime() async throws {
        let target = UTCClock.nextMinute()
        try await ScheduledDaemon.with("fires", config: Self.config(time: UTCClock.clock(target))) { daemon in
            try await daemon.launch()
            let next = try daemon.request("next")
            #expect(UTCClock.instant(next["next_run"] as? String) == target, "\(next)")
            #expect(UTCClock.instant(try daemon.request("status")["next_run"] as? String) == target)
            let notes = daemon.notify.drain().joined(separator: "\n")
            #expect(notes.contains("STATUS=idle, next wind-down "), "notify: \(notes)")

            try await UTCClock.sleep(until: target)
            #expect(try await Self.waitForState(daemon, "running", within: 10), "no session after the minute\n\(daemon.process?.stderr ?? "")")
            let log = daemon.process?.stderr ?? ""
            let lateness = try #require(Self.loggedLateness(log), "no start in the log:\n\(log)")
            #expect(lateness >= 0 && lateness < 1000, "fired \(lateness) ms after the minute")
            #expect(UTCClock.instant(try daemon.request("next")["next_run"] as? String) == target + 86_400)

            // Killed mid-session and started again within the grace: tonight's start was handled.
            await daemon.kill9()
            let second = try await daemon.launch()
            try await Task.sleep(for: .seconds(3))
            let status = try daemon.request("status")
            #expect(status["state"] as? String == "idle", "the start ran a second time: \(status)\n\(second.stderr)")
            #expect(!second.stderr.contains("starting the nightly session"), "\(second.stderr)")
            #expect(UTCClock.instant(status["next_run"] as? String) == target + 86_400, "\(status)")
            // The session the kill cut short is in the history, as failed, with the reason.
            let sessions = try daemon.request("history 5")["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.count == 1, "\(sessions)")
            #expect(sessions.first?["outcome"] as? String == "failed", "\(sessions)")
            let reason = sessions.first?["reason"] as? String ?? ""
            #expect(reason.contains("the daemon ended during the session"), "\(sessions)")
            #expect(sessions.first?["trigger"] as? String == "schedule", "\(sessions)")
        }
    }

    @Test("a scheduled start while a session started by hand plays does not start a second one, and says so")
    func busyAtStart() async throws {
        let target = UTCClock.nextMinute()
        try await ScheduledDaemon.with("busy", config: Self.config(time: UTCClock.clock(target))) { daemon in
            try await daemon.launch()
            #expect(try daemon.request("start")["ok"] as? Bool == true)
            let before = try daemon.request("status")["elapsed_s"] as? Int ?? 0
            try await UTCClock.sleep(until: target + 2)
            let log = daemon.process?.stderr ?? ""
            #expect(log.contains("already running; not starting a second one"), "\(log)")
            let status = try daemon.request("status")
            #expect(status["state"] as? String == "running")
            #expect((status["elapsed_s"] as? Int ?? 0) > before, "the session was restarted: \(status)")
        }
    }

    /// A state file saying the night before was the last one handled.
    static func handledDayBefore(_ start: Double, in daemon: ScheduledDaemon) throws {
        try FileManager.default.createDirectory(at: daemon.stateFolder, withIntermediateDirectories: true)
        let text = #"{"version":1,"last_handled":\#(Int(start) - 86_400)}"#
        try text.write(to: daemon.stateFolder.appendingPathComponent("schedule.json"), atomically: true, encoding: .utf8)
    }

    @Test("a start missed by less than the grace runs as soon as the daemon is back")
    func caughtUpWithinGrace() async throws {
        let start = (UTCClock.now / 60).rounded(.down) * 60 - 5 * 60
        try await ScheduledDaemon.with("grace", config: Self.config(time: UTCClock.clock(start))) { daemon in
            try Self.handledDayBefore(start, in: daemon)
            try await daemon.launch()
            #expect(try await Self.waitForState(daemon, "running", within: 10), "\(daemon.process?.stderr ?? "")")
            #expect(daemon.process?.stderr.contains("starting the nightly session") == true)
            let lateness = Self.loggedLateness(daemon.process?.stderr ?? "") ?? 0
            #expect(lateness >= 5 * 60 * 1000, "reported \(lateness) ms late")
        }
    }

    @Test("a start missed by more than the grace is skipped and logged")
    func skippedBeyondGrace() async throws {
        let start = (UTCClock.now / 60).rounded(.down) * 60 - 40 * 60
        try await ScheduledDaemon.with("late", config: Self.config(time: UTCClock.clock(start), grace: "30m")) { daemon in
            try Self.handledDayBefore(start, in: daemon)
            let process = try await daemon.launch()
            try await Task.sleep(for: .seconds(1))
            #expect(try daemon.request("status")["state"] as? String == "idle")
            #expect(process.stderr.contains("more than schedule.grace (30m); skipping it"), "\(process.stderr)")
            #expect(UTCClock.instant(try daemon.request("next")["next_run"] as? String) == start + 86_400)
        }
    }

    @Test("snooze and the schedule switch are kept across restarts")
    func keptAcrossRestarts() async throws {
        let planned = (UTCClock.now / 60).rounded(.down) * 60 + 3 * 3600
        try await ScheduledDaemon.with("snooze", config: Self.config(time: UTCClock.clock(planned))) { daemon in
            try await daemon.launch()
            #expect(UTCClock.instant(try daemon.request("next")["next_run"] as? String) == planned)
            let snoozed = try daemon.request("snooze")
            #expect(UTCClock.instant(snoozed["snoozed"] as? String) == planned, "\(snoozed)")
            #expect(UTCClock.instant(snoozed["next_run"] as? String) == planned + 86_400, "\(snoozed)")

            let first = daemon.process
            await daemon.process?.terminate()
            try await daemon.launch()
            let saved = (try? String(contentsOf: daemon.stateFolder.appendingPathComponent("schedule.json"), encoding: .utf8)) ?? "none"
            #expect(
                UTCClock.instant(try daemon.request("next")["next_run"] as? String) == planned + 86_400,
                "the snooze was lost; state file: \(saved)\n--- before the restart ---\n\(first?.stderr ?? "")\n--- after ---\n\(daemon.process?.stderr ?? "")")

            let off = try daemon.request("schedule off")
            #expect(off["ok"] as? Bool == true && off["next_run"] is NSNull, "\(off)")
            await daemon.process?.terminate()
            try await daemon.launch()
            let status = try daemon.request("status")
            #expect(status["next_run"] is NSNull, "the schedule came back on after a restart: \(status)")
            #expect(try daemon.request("next")["schedule"] as? String == "off")
            #expect(try daemon.request("snooze")["ok"] as? Bool == false)

            // On again: turning it off forgot the snooze, so tonight's run is back.
            let on = try daemon.request("schedule on")
            #expect(UTCClock.instant(on["next_run"] as? String) == planned, "\(on)")
        }
    }

    @Test("damaged state files are set aside with a log line and the daemon starts on what it can keep")
    func damagedState() async throws {
        let planned = (UTCClock.now / 60).rounded(.down) * 60 + 3 * 3600
        try await ScheduledDaemon.with("damaged", config: Self.config(time: UTCClock.clock(planned))) { daemon in
            let folder = daemon.stateFolder
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data([0x7B, 0x22, 0x76, 0xFF, 0x00, 0x13]).write(to: folder.appendingPathComponent("schedule.json"))
            let good = #"{"started":"2026-11-20T22:30:00Z","ended":"2026-11-20T23:05:00Z","routine":"quick","outcome":"completed"}"#
            let history = good + "\n" + "not json at all\n" + good.replacingOccurrences(of: "20T", with: "21T") + "\n"
                + #"{"started":"2026-11-22T22:30:00Z","ended":"#
            try history.write(to: folder.appendingPathComponent("history.jsonl"), atomically: true, encoding: .utf8)

            let process = try await daemon.launch()
            #expect(UTCClock.instant(try daemon.request("next")["next_run"] as? String) == planned)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(names.contains { $0.hasPrefix("schedule.json.corrupt-") }, "\(names)")
            #expect(names.contains { $0.hasPrefix("history.jsonl.corrupt-") }, "\(names)")
            #expect(process.stderr.contains("schedule.json is unusable"), "\(process.stderr)")
            #expect(process.stderr.contains("had 2 damaged line(s); kept 2 session(s)"), "\(process.stderr)")
            let sessions = try daemon.request("history 10")["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.count == 2)
            // The repaired file ends on a whole line, so new records start on their own.
            let repaired = try String(contentsOf: folder.appendingPathComponent("history.jsonl"), encoding: .utf8)
            #expect(repaired.hasSuffix("}\n"))
        }
    }

    @Test("kill -9 in a loop while history is being written never leaves an unreadable history")
    func killDuringHistoryWrites() async throws {
        let planned = (UTCClock.now / 60).rounded(.down) * 60 + 3 * 3600
        // No speech engine: each start fails at once, before any prompt is
        // spoken (a `prepare-voice` per start, orphaned by every kill -9,
        // would load the machine for the tests beside this one).
        let config = Self.config(time: UTCClock.clock(planned)) + "\n[voice]\ntts = \"off\"\n"
        try await ScheduledDaemon.with("kill9", config: config) { daemon in
            // A routine no session can fit (every shipped one fits 5 minutes),
            // in a data folder of the test's own.
            let routines = daemon.dir.file("data/config/routines")
            try FileManager.default.createDirectory(at: routines, withIntermediateDirectories: true)
            let step = { (id: String) in "[[steps]]\nid = \"\(id)\"\ntitle = \"\(id)\"\ntext = \"\(id).\"\nduration = \"40m\"\n" }
            try ("title = \"Too long\"\n" + step("one") + step("two")).write(
                to: routines.appendingPathComponent("too-long.toml"), atomically: true, encoding: .utf8)
            let shipped = Paths.repositoryRoot.appendingPathComponent("config/routines")
            for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) {
                try FileManager.default.createSymbolicLink(
                    at: routines.appendingPathComponent(name), withDestinationURL: shipped.appendingPathComponent(name))
            }
            daemon.environment["WINDDOWN_DATA_DIR"] = daemon.dir.file("data").path
            let file = daemon.stateFolder.appendingPathComponent("history.jsonl")
            var recorded = 0
            for round in 0..<12 {
                try await daemon.launch()
                // Each start that fails (the routine does not fit 5 minutes) is
                // recorded as a failed session: a history write per request.
                let spammer = try SocketClient(path: daemon.socket)
                let deadline = UTCClock.now + Double(50 + (round * 37) % 250) / 1000
                while UTCClock.now < deadline {
                    spammer.send(raw: Array("start routine=too-long duration=5m\n".utf8))
                    _ = try? spammer.readLine()
                }
                await daemon.kill9()

                try await daemon.launch()
                let sessions = try daemon.request("history 100000")["sessions"] as? [[String: Any]]
                let count = try #require(sessions, "history did not answer after round \(round)").count
                #expect(count >= recorded, "round \(round): history went from \(recorded) to \(count) sessions")
                recorded = count
                let lines = (try? String(contentsOf: file, encoding: .utf8))?.split(separator: "\n") ?? []
                for line in lines {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "round \(round): unreadable line \(line)")
                }
                await daemon.kill9()
            }
            #expect(recorded > 12, "too few history writes to mean anything: \(recorded)")
        }
    }
}
