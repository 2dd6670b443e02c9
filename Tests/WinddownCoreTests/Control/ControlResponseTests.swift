import Testing
import WinddownCore

extension ControlTests {
    @Suite("Control responses")
    struct ControlResponseTests {
        static let running = StatusReport(
            state: .running, routine: "foot-massage", step: .init(index: 4, count: 12, title: "Toes"),
            elapsedSeconds: 480, remainingSeconds: 580, nextRun: ControlTimestamp(parsing: "2026-05-05T22:30:00+02:00"),
            volume: 20)

        @Test("ok and error lines")
        func lines() {
            #expect(ControlResponse.ok.line == #"{"ok":true}"#)
            #expect(ControlResponse.failure("no session is running").line == #"{"ok":false,"error":"no session is running"}"#)
            #expect(ControlResponse.success(["ok": false, "volume": 20]).line == #"{"ok":true,"volume":20}"#)
            let error = ControlProtocolError(.badArgument, "say \"x\"\n")
            #expect(ControlResponse.failure(error).line == #"{"ok":false,"error":"say \"x\"\n"}"#)
        }

        @Test("status of a running session has every field, in interface.md's order")
        func runningStatus() {
            #expect(
                ControlResponse.status(Self.running).line
                    == #"{"ok":true,"state":"running","routine":"foot-massage","step":{"index":4,"count":12,"title":"Toes"},"#
                    + #""elapsed_s":480,"remaining_s":580,"next_run":"2026-05-05T22:30:00+02:00","volume":20}"#)
        }

        @Test("idle status has only state, next_run (null when none) and volume")
        func idleStatus() {
            #expect(
                ControlResponse.status(StatusReport(state: .idle, volume: 20)).line
                    == #"{"ok":true,"state":"idle","next_run":null,"volume":20}"#)
        }

        @Test("status reads back from its JSON", arguments: [
            running,
            StatusReport(state: .idle, volume: 0),
            StatusReport(state: .paused, routine: "/srv/r.toml", elapsedSeconds: 0, remainingSeconds: 0, volume: 50),
            StatusReport(state: .stopping, routine: "quick", step: .init(index: 1, count: 1, title: ""), volume: 5),
        ])
        func statusRoundTrip(report: StatusReport) throws {
            let response = try ControlResponse(parsing: ControlResponse.status(report).line)
            #expect(try StatusReport(json: response.fields) == report)
        }

        @Test("status from a daemon with fractional seconds and extra fields")
        func lenientStatus() throws {
            let response = try ControlResponse(
                parsing: #"{"ok":true,"state":"running","elapsed_s":10.7,"remaining_s":20.2,"next_run":null,"volume":20,"new":1}"#)
            let report = try StatusReport(json: response.fields)
            #expect(report.elapsedSeconds == 10 && report.remainingSeconds == 21)
        }

        @Test("status with a missing or wrong field is refused", arguments: [
            #"{"state":"asleep","volume":1}"#,
            #"{"state":"idle"}"#,
            #"{"state":"idle","volume":"loud"}"#,
            #"{"state":"idle","volume":1,"next_run":"tomorrow"}"#,
            #"{"state":"running","volume":1,"step":{"index":"4"}}"#,
            #"{"state":"running","volume":1,"elapsed_s":"8"}"#,
        ])
        func badStatus(text: String) throws {
            let object = try #require(try JSONParser().parse(text).objectValue)
            #expect(throws: ControlProtocolError.self) { try StatusReport(json: object) }
        }

        @Test("history lists sessions newest first, reason only when set")
        func history() throws {
            let entries = [
                HistoryEntry(
                    started: try #require(ControlTimestamp(parsing: "2026-05-05T22:30:00+02:00")),
                    ended: ControlTimestamp(parsing: "2026-05-05T23:05:12+02:00"), routine: "foot-massage", outcome: .completed,
                    durationSeconds: 2112, trigger: .schedule),
                HistoryEntry(
                    started: try #require(ControlTimestamp(parsing: "2026-05-04T22:30:00+02:00")), ended: nil,
                    routine: "quick", outcome: .failed, reason: "no audio device"),
            ]
            let line = ControlResponse.history(entries).line
            #expect(
                line == #"{"ok":true,"sessions":[{"started":"2026-05-05T22:30:00+02:00","ended":"2026-05-05T23:05:12+02:00","#
                    + #""routine":"foot-massage","outcome":"completed","duration_s":2112,"trigger":"schedule"},{"started":"2026-05-04T22:30:00+02:00","ended":null,"#
                    + #""routine":"quick","outcome":"failed","reason":"no audio device"}]}"#)
            #expect(try ControlResponse(parsing: line).historyEntries() == entries)
        }

        @Test("bad history entries are refused", arguments: [
            #"{"ok":true}"#,
            #"{"ok":true,"sessions":{}}"#,
            #"{"ok":true,"sessions":[{"started":"x","routine":"a","outcome":"completed"}]}"#,
            #"{"ok":true,"sessions":[{"started":"2026-05-05T22:30:00Z","routine":"a","outcome":"won"}]}"#,
            #"{"ok":true,"sessions":[{"started":"2026-05-05T22:30:00Z","ended":5,"routine":"a","outcome":"stopped"}]}"#,
        ])
        func badHistory(text: String) throws {
            let response = try ControlResponse(parsing: text)
            #expect(throws: ControlProtocolError.self) { try response.historyEntries() }
        }

        @Test("next_run answers")
        func nextRun() {
            #expect(ControlResponse.nextRun(nil).line == #"{"ok":true,"next_run":null}"#)
            #expect(
                ControlResponse.nextRun(ControlTimestamp(epochSeconds: 0, utcOffset: 0)).line
                    == #"{"ok":true,"next_run":"1970-01-01T00:00:00+00:00"}"#)
        }

        @Test("a client reads responses", arguments: [
            (#"{"ok":true}"#, ControlResponse.ok),
            ("{\"ok\":true}\r\n", .ok),
            (#" { "volume" : 5, "ok" : true } "#, .success(["volume": 5])),
            (#"{"ok":false,"error":"no session is running"}"#, .failure("no session is running")),
            (#"{"ok":false}"#, .failure("the daemon refused the request without saying why")),
        ])
        func parses(text: String, response: ControlResponse) throws {
            #expect(try ControlResponse(parsing: text) == response)
        }

        @Test("a client refuses what is not a response", arguments: [
            "", "ok", "[true]", #"{"ok":"yes"}"#, #"{"error":"x"}"#, #"{"ok":true"#, #"{"ok":true,"ok":false}"#,
        ])
        func refuses(text: String) {
            #expect {
                try ControlResponse(parsing: text)
            } throws: { ($0 as? ControlProtocolError)?.code == .invalidResponse }
        }
    }
}
