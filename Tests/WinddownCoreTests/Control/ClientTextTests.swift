import Testing
import WinddownCore

extension ControlTests {
    @Suite("winddownctl output")
    struct ClientTextTests {
        @Test("progress bars", arguments: [
            (0.45, "[#########-----------] 45%"),
            (0.0, "[--------------------] 0%"),
            (1.0, "[####################] 100%"),
            (0.999, "[###################-] 99%"),
            (0.05, "[#-------------------] 5%"),
            (-1.0, "[--------------------] 0%"),
            (7.0, "[####################] 100%"),
            (.nan, "[--------------------] 0%"),
        ])
        func progressBar(fraction: Double, text: String) {
            #expect(ControlText.progressBar(fraction) == text)
        }

        @Test("a narrow bar")
        func narrowBar() {
            #expect(ControlText.progressBar(0.5, width: 4) == "[##--] 50%")
        }

        @Test("time left as m:ss", arguments: [
            (0, "0:00"), (5, "0:05"), (580, "9:40"), (3599, "59:59"), (3600, "1:00:00"), (5025, "1:23:45"), (-3, "0:00"),
        ])
        func clock(seconds: Int, text: String) {
            #expect(ControlText.clock(seconds: seconds) == text)
        }

        @Test("status of a running session")
        func runningStatus() {
            #expect(
                StatusText.lines(ControlTests.ControlResponseTests.running) == [
                    "state:     running",
                    "routine:   foot-massage",
                    "step:      4/12 Toes",
                    "progress:  [#########-----------] 45%, 9:40 left",
                    "next run:  Tue 2026-05-05 22:30",
                    "volume:    20",
                ])
        }

        @Test("status when idle")
        func idleStatus() {
            #expect(StatusText.lines(StatusReport(state: .idle, volume: 20)) == ["state:     idle", "next run:  none scheduled", "volume:    20"])
            #expect(
                StatusText.lines(StatusReport(state: .running, dimmingLevel: 40, volume: 20)).last == "lights:    40%")
        }

        @Test("the watch line", arguments: [
            (ControlTests.ControlResponseTests.running, "running  step 4/12 Toes  [#########-----------] 45%  9:40 left"),
            (
                StatusReport(state: .paused, routine: "quick", elapsedSeconds: 600, remainingSeconds: 0, volume: 9),
                "paused  [####################] 100%  0:00 left"
            ),
            (StatusReport(state: .idle, volume: 9), "idle, next run none scheduled"),
            (
                StatusReport(state: .idle, nextRun: ControlTimestamp(parsing: "2026-05-09T21:00:00+02:00"), volume: 9),
                "idle, next run Sat 2026-05-09 21:00"
            ),
        ])
        func watchLine(report: StatusReport, text: String) {
            #expect(StatusText.watchLine(report) == text)
        }

        @Test("the history table lines up its columns and ends with the streak")
        func historyTable() throws {
            func at(_ text: String) throws -> ControlTimestamp { try #require(ControlTimestamp(parsing: text)) }
            let entries = [
                HistoryEntry(
                    started: try at("2026-05-05T22:30:00+02:00"), ended: try at("2026-05-05T23:05:00+02:00"),
                    routine: "foot-massage", outcome: .completed, durationSeconds: 2100, trigger: .schedule),
                HistoryEntry(
                    started: try at("2026-05-04T23:50:00+02:00"), ended: try at("2026-05-05T00:10:00+02:00"), routine: "quick",
                    outcome: .stopped, reason: "stop requested", durationSeconds: 312),
                HistoryEntry(started: try at("2026-05-03T22:30:00+02:00"), ended: nil, routine: "quick", outcome: .failed),
            ]
            #expect(
                HistoryText.lines(entries, streak: SessionStreak.current(in: entries)) == [
                    "started               ended                 played  routine       outcome",
                    "Tue 2026-05-05 22:30  23:05                 35:00   foot-massage  completed",
                    "Mon 2026-05-04 23:50  Tue 2026-05-05 00:10  5:12    quick         stopped (stop requested)",
                    "Sun 2026-05-03 22:30  -                     -       quick         failed",
                    "",
                    "streak: 1 completed night",
                ])
            #expect(HistoryText.lines([], streak: SessionStreak(nights: 0, reachesOldest: false)) == ["no sessions yet"])
        }
    }
}
