import Testing
import WinddownCore

extension ControlTests {
    @Suite("ISO 8601 timestamps")
    struct ControlTimestampTests {
        @Test("reads and writes local time with its offset", arguments: [
            ("2026-05-05T22:30:00+02:00", "2026-05-05T22:30:00+02:00", 1_778_013_000),
            ("2026-05-05T22:30+02:00", "2026-05-05T22:30:00+02:00", 1_778_013_000),
            ("2026-05-05T20:30:00Z", "2026-05-05T20:30:00+00:00", 1_778_013_000),
            ("2026-05-05T20:30:00.123456Z", "2026-05-05T20:30:00+00:00", 1_778_013_000),
            ("2026-05-05T15:00:00-05:30", "2026-05-05T15:00:00-05:30", 1_778_013_000),
            ("2024-02-29T00:00:00+00:00", "2024-02-29T00:00:00+00:00", 1_709_164_800),
            ("1970-01-01T00:00:00z", "1970-01-01T00:00:00+00:00", 0),
            ("1969-12-31T23:59:59-00:00", "1969-12-31T23:59:59+00:00", -1),
        ] as [(String, String, Int64)])
        func reads(text: String, written: String, epoch: Int64) throws {
            let time = try #require(ControlTimestamp(parsing: text))
            #expect(time.description == written)
            #expect(time.epochSeconds == epoch)
            #expect(ControlTimestamp(epochSeconds: epoch, utcOffset: time.utcOffset) == time)
        }

        @Test("refuses malformed or impossible times", arguments: [
            "", "2026-05-05", "2026-05-05T22:30:00", "2026-5-05T22:30:00Z", "2026-05-05T24:00:00Z",
            "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-05-05T22:60:00Z",
            "2026-05-05T22:30:00+2:00", "2026-05-05T22:30:00+0200", "2026-05-05T22:30:00Zjunk", "2026-05-05T22:30:00.Z",
            "tomorrow",
        ])
        func refuses(text: String) {
            #expect(ControlTimestamp(parsing: text) == nil)
        }

        @Test("weekdays", arguments: [
            ("1970-01-01T12:00:00Z", Weekday.thursday),
            ("2026-05-05T22:30:00+02:00", .tuesday),
            ("2000-02-29T00:00:00Z", .tuesday),
            ("1969-12-31T00:00:00Z", .wednesday),
            ("2026-05-10T01:00:00+14:00", .sunday),
        ])
        func weekdays(text: String, weekday: Weekday) throws {
            #expect(try #require(ControlTimestamp(parsing: text)).weekday == weekday)
        }

        @Test("a session after midnight belongs to the evening before")
        func nights() throws {
            func night(_ text: String) throws -> Int { try #require(ControlTimestamp(parsing: text)).nightNumber }
            #expect(try night("2026-05-05T22:30:00+02:00") == night("2026-05-06T00:30:00+02:00"))
            #expect(try night("2026-05-05T22:30:00+02:00") == night("2026-05-05T12:00:00+02:00"))
            #expect(try night("2026-05-05T22:30:00+02:00") + 1 == night("2026-05-06T12:00:00+02:00"))
            #expect(try night("2026-05-06T11:59:59+02:00") == night("2026-05-05T20:00:00-07:00"))
            #expect(try night("1970-01-01T11:00:00Z") == -1)
        }
    }
}
