import Testing
import WinddownCore

@Suite("Clock times and weekday overrides")
struct ClockTimeParsingTests {
    @Test("reads HH:MM", arguments: [
        ("00:00", 0, 0),
        ("07:05", 7, 5),
        ("22:30", 22, 30),
        ("23:59", 23, 59),
    ])
    func readsTimes(text: String, hour: Int, minute: Int) throws {
        let time = try ClockTime(parsing: text)
        #expect(time.hour == hour)
        #expect(time.minute == minute)
        #expect(time.description == text)
    }

    @Test("refuses anything else", arguments: [
        ("24:00", "hour must be from 00 to 23"),
        ("22:60", "minute must be from 00 to 59"),
        ("7:5", "two digits each"),
        ("7:05", "two digits each"),
        ("07:5", "two digits each"),
        ("", "two digits each"),
        ("2230", "two digits each"),
        ("22:30:00", "two digits each"),
        ("22.30", "two digits each"),
        ("-1:00", "two digits each"),
        ("ab:cd", "two digits each"),
        (" 22:30", "two digits each"),
        ("２２:３０", "two digits each"),
    ])
    func refusesOthers(text: String, reasonContains reason: String) {
        #expect {
            try ClockTime(parsing: text)
        } throws: { error in
            (error as? ClockTimeParseError)?.message.contains(reason) == true
        }
    }

    @Test("the memberwise initialiser checks ranges")
    func initialiserChecksRanges() {
        #expect(ClockTime(hour: 23, minute: 59) != nil)
        #expect(ClockTime(hour: 24, minute: 0) == nil)
        #expect(ClockTime(hour: 0, minute: -1) == nil)
    }

    @Test("times order by time of day")
    func ordering() throws {
        #expect(try ClockTime(parsing: "07:05") < ClockTime(parsing: "22:30"))
        #expect(try ClockTime(parsing: "22:30").minutesSinceMidnight == 1350)
    }

    @Test("a weekday takes a time or off", arguments: [
        ("off", WeekdayOverride.off),
        ("OFF", WeekdayOverride.off),
        ("21:45", WeekdayOverride.at(ClockTime(hour: 21, minute: 45)!)),
    ])
    func weekdayOverride(text: String, expected: WeekdayOverride) throws {
        #expect(try WeekdayOverride(parsing: text) == expected)
    }

    @Test("a bad weekday value mentions off only when the shape is wrong")
    func weekdayOverrideErrors() {
        #expect(throws: ClockTimeParseError(
            input: "never",
            message: "expected \"off\" or a 24-hour time \"HH:MM\" with two digits each, like \"07:05\" or \"22:30\"")
        ) {
            try WeekdayOverride(parsing: "never")
        }
        #expect(throws: ClockTimeParseError(input: "25:00", message: "the hour must be from 00 to 23")) {
            try WeekdayOverride(parsing: "25:00")
        }
    }
}
