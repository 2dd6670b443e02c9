import Testing
import WinddownCore

extension ControlTests {
    @Suite("Streak of completed nights")
    struct SessionStreakTests {
        /// One session a night from 2026-05-01 on, newest first in the result.
        private func nights(_ outcomes: [HistoryEntry.Outcome?], hour: Int = 22) throws -> [HistoryEntry] {
            try outcomes.enumerated().compactMap { day, outcome in
                guard let outcome else { return nil }
                let text = "2026-05-\(day + 1 < 10 ? "0" : "")\(day + 1)T\(hour):30:00+02:00"
                let started = try #require(ControlTimestamp(parsing: text))
                return HistoryEntry(started: started, ended: nil, routine: "quick", outcome: outcome)
            }.reversed()
        }

        @Test("counts back from the newest night", arguments: [
            ([.completed, .completed, .completed], 3, true),
            ([.stopped, .completed, .completed], 2, false),
            ([.completed, .failed, .completed, .completed], 2, false),
            ([.completed, .completed, .stopped], 0, false),
            ([.completed, nil, .completed], 1, false),
            ([], 0, false),
        ] as [([HistoryEntry.Outcome?], Int, Bool)])
        func counts(outcomes: [HistoryEntry.Outcome?], nights: Int, reachesOldest: Bool) throws {
            #expect(SessionStreak.current(in: try self.nights(outcomes)) == SessionStreak(nights: nights, reachesOldest: reachesOldest))
        }

        @Test("a stopped session and a completed one on the same night count as a completed night")
        func retriedNight() throws {
            var entries = try nights([.completed, .completed])
            entries.insert(
                HistoryEntry(
                    started: try #require(ControlTimestamp(parsing: "2026-05-03T01:10:00+02:00")), ended: nil,
                    routine: "quick", outcome: .stopped), at: 0)
            #expect(SessionStreak.current(in: entries).nights == 2)
        }

        @Test("a streak that ended before last night is over")
        func stale() throws {
            let entries = try nights([.completed, .completed, .completed])  // nights of May 1 to 3
            let may3 = try #require(ControlTimestamp(parsing: "2026-05-03T23:00:00+02:00")).nightNumber
            #expect(SessionStreak.current(in: entries, tonight: may3).nights == 3)
            #expect(SessionStreak.current(in: entries, tonight: may3 + 1).nights == 3)
            #expect(SessionStreak.current(in: entries, tonight: may3 + 2).nights == 0)
        }

        @Test("descriptions", arguments: [
            (SessionStreak(nights: 0, reachesOldest: false), "0 completed nights in a row"),
            (SessionStreak(nights: 1, reachesOldest: false), "1 completed night"),
            (SessionStreak(nights: 1, reachesOldest: true), "1+ completed nights in a row"),
            (SessionStreak(nights: 12, reachesOldest: false), "12 completed nights in a row"),
        ])
        func descriptions(streak: SessionStreak, text: String) {
            #expect(streak.description == text)
        }
    }
}
