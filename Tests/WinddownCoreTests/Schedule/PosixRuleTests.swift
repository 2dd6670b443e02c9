import Testing
import WinddownCore

@Suite("POSIX TZ rules, as in a TZif footer")
struct PosixRuleTests {
    @Test("offsets and abbreviations either side of each transition", arguments: [
        // Central Europe: last Sunday of March 02:00 CET, last Sunday of October 03:00 CEST.
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T00:59:59Z", 3600, "CET"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T01:00:00Z", 7200, "CEST"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T00:59:59Z", 7200, "CEST"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T01:00:00Z", 3600, "CET"),
        // Southern hemisphere: summer time spans the new year.
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2027-01-01T00:00:00Z", 39600, "AEDT"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-07-01T00:00:00Z", 36000, "AEST"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-04-04T15:59:59Z", 39600, "AEDT"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-04-04T16:00:00Z", 36000, "AEST"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-10-03T15:59:59Z", 36000, "AEST"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-10-03T16:00:00Z", 39600, "AEDT"),
        // Lord Howe: quoted names, a half-hour offset and a half-hour shift.
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-10-03T15:29:59Z", 37800, "+1030"),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-10-03T15:30:00Z", 39600, "+11"),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-04-04T14:59:59Z", 39600, "+11"),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-04-04T15:00:00Z", 37800, "+1030"),
        // No daylight-saving time; offsets with minutes, west of UTC and with seconds.
        ("<+0530>-5:30", "2026-06-01T00:00:00Z", 19800, "+0530"),
        ("<-0330>3:30", "2026-06-01T00:00:00Z", -12600, "-0330"),
        ("LMT-0:53:28", "2026-06-01T00:00:00Z", 3208, "LMT"),
        // Version 3: negative transition times (Nuuk: 23:00 on the Saturday, written -1 on the Sunday).
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T00:59:59Z", -7200, "-02"),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T01:00:00Z", -3600, "-01"),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-10-25T00:59:59Z", -3600, "-01"),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-10-25T01:00:00Z", -7200, "-02"),
        // Version 3: daylight time all year, its end at 25:00 on day 365.
        ("EST5EDT,0/0,J365/25", "2026-01-01T12:00:00Z", -14400, "EDT"),
        ("EST5EDT,0/0,J365/25", "2026-07-01T12:00:00Z", -14400, "EDT"),
        ("EST5EDT,0/0,J365/25", "2026-12-31T23:59:59Z", -14400, "EDT"),
        // Daylight time named without rules: the US rules, an hour ahead.
        ("EST5EDT", "2026-03-08T06:59:59Z", -18000, "EST"),
        ("EST5EDT", "2026-03-08T07:00:00Z", -14400, "EDT"),
        ("EST5EDT", "2026-11-01T05:59:59Z", -14400, "EDT"),
        ("EST5EDT", "2026-11-01T06:00:00Z", -18000, "EST"),
    ] as [(String, String, Int, String)])
    func offsets(rule: String, instant: String, offset: Int, abbreviation: String) throws {
        let rules = try ZoneRules(posixRule: rule)
        #expect(rules.utcOffset(at: epoch(instant)) == offset)
        #expect(rules.abbreviation(at: epoch(instant)) == abbreviation)
    }

    @Test("Jn never counts February 29, n does", arguments: [
        // J60 is March 1 in every year.
        ("AAA0BBB-1,J60/0,J300/0", "2028-02-29T23:59:59Z", 0),
        ("AAA0BBB-1,J60/0,J300/0", "2028-03-01T00:00:00Z", 3600),
        ("AAA0BBB-1,J60/0,J300/0", "2027-02-28T23:59:59Z", 0),
        ("AAA0BBB-1,J60/0,J300/0", "2027-03-01T00:00:00Z", 3600),
        // Day 59 counted from 0 is February 29 in a leap year, March 1 otherwise.
        ("AAA0BBB-1,59/0,300/0", "2028-02-28T23:59:59Z", 0),
        ("AAA0BBB-1,59/0,300/0", "2028-02-29T00:00:00Z", 3600),
        ("AAA0BBB-1,59/0,300/0", "2027-02-28T23:59:59Z", 0),
        ("AAA0BBB-1,59/0,300/0", "2027-03-01T00:00:00Z", 3600),
        // A fifth week means the last: March 2026 has four Sundays after the 1st's.
        ("AAA0BBB-1,M3.5.0/0,M10.5.0/0", "2026-03-29T00:00:00Z", 3600),
        ("AAA0BBB-1,M3.5.0/0,M10.5.0/0", "2026-03-28T23:59:59Z", 0),
        // A rule time past 24 h moves into the next day.
        ("AAA0BBB-1,M3.5.0/26,M10.5.0/0", "2026-03-30T01:59:59Z", 0),
        ("AAA0BBB-1,M3.5.0/26,M10.5.0/0", "2026-03-30T02:00:00Z", 3600),
    ] as [(String, String, Int)])
    func dayRules(rule: String, instant: String, offset: Int) throws {
        #expect(try ZoneRules(posixRule: rule).utcOffset(at: epoch(instant)) == offset)
    }

    @Test("malformed rules are refused with the reason", arguments: [
        ("", "a zone abbreviation needs at least three characters"),
        ("CE-1", "a zone abbreviation needs at least three characters"),
        ("CET", "expected hours from 0 to 24 at position 4"),
        ("CET-25", "expected hours from 0 to 24 at position 5"),
        ("CET-1:60", "expected minutes or seconds from 00 to 59"),
        ("<+0530-5:30", "expected \">\" at position 9"),
        ("CET-1CEST,M3.5.0", "expected \",\" at position 17"),
        ("CET-1CEST,M13.5.0,M10.5.0", "expected Mm.w.d with month 1-12, week 1-5 and weekday 0-6"),
        ("CET-1CEST,M3.6.0,M10.5.0", "expected Mm.w.d with month 1-12, week 1-5 and weekday 0-6"),
        ("CET-1CEST,J0,J300", "a Jn day must be from 1 to 365"),
        ("CET-1CEST,366,300", "expected a rule date Jn, n or Mm.w.d at position 11"),
        ("CET-1CEST,M3.5.0/168,M10.5.0", "expected hours from 0 to 167 at position 18"),
        ("CET-1CEST,M3.5.0,M10.5.0/3 junk", "unexpected text after the rules"),
    ])
    func malformed(rule: String, reason: String) {
        #expect(throws: ZoneRulesError("bad time zone rule \"\(rule)\": \(reason)")) { try ZoneRules(posixRule: rule) }
    }

    @Test("each real zone's footer agrees with its table in the table's last years",
        arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney", "America/Nuuk"])
    func footerMatchesTable(name: String) throws {
        let real = try zone(name)
        // 2030 is within the table of a tzdata built with the default horizon (2037).
        let footer = try ZoneRules(posixRule: try #require(footerText(of: name)))
        var instant = epoch("2030-01-01T00:00:00Z")
        while instant < epoch("2031-01-01T00:00:00Z") {
            #expect(real.utcOffset(at: instant) == footer.utcOffset(at: instant), "at \(instant)")
            #expect(real.abbreviation(at: instant) == footer.abbreviation(at: instant), "at \(instant)")
            instant += 1800
        }
    }

    /// The footer line of a real TZif file.
    private func footerText(of name: String) -> String? {
        guard let bytes = try? FileSystem.contents(of: ZoneInfo.defaultRoot + "/" + name, limit: FileSystem.Limit.zone), bytes.last == UInt8(ascii: "\n") else { return nil }
        let body = bytes.dropLast()
        guard let start = body.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
        return String(decoding: body[(start + 1)...], as: UTF8.self)
    }
}
