import Testing
import WinddownCore

@Suite("Durations")
struct DurationParsingTests {
    @Test("reads well-formed durations", arguments: [
        ("0s", 0),
        ("90s", 90),
        ("15m", 900),
        ("1h", 3600),
        ("1h30m", 5400),
        ("2562047788015215h1807s", 9_223_372_036_854_775_807),
        ("2m30s", 150),
        ("1h0m5s", 3605),
        ("1h5s", 3605),
        ("05m", 300),
        ("90m", 5400),
    ] as [(String, Int64)])
    func readsWellFormed(text: String, seconds: Int64) throws {
        #expect(try Duration(parsing: text) == .seconds(seconds))
    }

    @Test("refuses malformed durations with a reason", arguments: [
        ("", "empty"),
        ("-5m", "negative"),
        ("+5m", "\"+\""),
        ("15", "missing a unit"),
        ("1h30", "at the end has no unit"),
        ("5x", "unknown unit \"x\""),
        ("500ms", "unknown unit \"ms\""),
        ("1hm", "unknown unit \"hm\""),
        ("1H", "unknown unit \"H\""),
        ("1d", "unknown unit \"d\""),
        ("1m1h", "out of order"),
        ("30s1m", "out of order"),
        ("1h1h", "appears more than once"),
        ("m", "no number before it"),
        ("abc", "expected a number"),
        ("1.5h", "fractions"),
        ("1h 30m", "space"),
        (" 15m", "space"),
        ("15m!", "unexpected \"!\""),
        ("99999999999999999999s", "too large"),
        ("9223372036854775807h", "too large"),
        ("2562047788015216h", "too large"),
        ("2562047788015215h1808s", "too large"),
        ("1m-30s", "unexpected \"-\""),
    ])
    func refusesMalformed(text: String, reasonContains reason: String) {
        #expect {
            try Duration(parsing: text)
        } throws: { error in
            guard let error = error as? DurationParseError else { return false }
            return error.input == text && error.message.contains(reason)
        }
    }

    @Test("formats to the shortest string", arguments: [
        (0, "0s"),
        (1, "1s"),
        (90, "1m30s"),
        (900, "15m"),
        (3600, "1h"),
        (5400, "1h30m"),
        (3605, "1h5s"),
        (86400, "24h"),
        (-90, "-1m30s"),
    ] as [(Int64, String)])
    func formats(seconds: Int64, text: String) {
        #expect(Duration.seconds(seconds).compactString == text)
    }

    @Test("drops fractions of a second when formatting")
    func dropsFractions() {
        #expect(Duration.milliseconds(1500).compactString == "1s")
    }

    @Test("formatting and parsing round-trip", arguments: [0, 1, 59, 60, 61, 3599, 3600, 3661, 10_800, 123_456] as [Int64])
    func roundTrips(seconds: Int64) throws {
        let duration = Duration.seconds(seconds)
        #expect(try Duration(parsing: duration.compactString) == duration)
    }
}
