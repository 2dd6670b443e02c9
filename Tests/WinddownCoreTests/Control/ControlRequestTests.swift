import Testing
import WinddownCore

extension ControlTests {
    @Suite("Control requests")
    struct ControlRequestTests {
        @Test("reads every command of interface.md", arguments: [
            ("ping", ControlRequest.ping),
            ("status", .status),
            ("start", .start(routine: nil, duration: nil)),
            ("start routine=foot-massage", .start(routine: .named("foot-massage"), duration: nil)),
            ("start duration=15m routine=quick", .start(routine: .named("quick"), duration: .seconds(900))),
            ("start routine=/etc/winddown/routines/mine.toml", .start(routine: .file(path: "/etc/winddown/routines/mine.toml"), duration: nil)),
            ("start routine=./mine.toml duration=1h", .start(routine: .file(path: "./mine.toml"), duration: .seconds(3600))),
            ("start duration=5m", .start(routine: nil, duration: .seconds(300))),
            ("stop", .stop),
            ("pause", .pause),
            ("resume", .resume),
            ("skip", .skip),
            ("hold", .hold),
            ("extend 10m", .extend(.seconds(600))),
            ("extend +10m", .extend(.seconds(600))),
            ("extend 1h30m", .extend(.seconds(5400))),
            ("extend 3h", .extend(.seconds(10_800))),
            ("volume 30", .volume(.set(30))),
            ("volume 0", .volume(.set(0))),
            ("volume 100", .volume(.set(100))),
            ("volume +5", .volume(.relative(5))),
            ("volume -5", .volume(.relative(-5))),
            ("volume -100", .volume(.relative(-100))),
            ("next", .next),
            ("plan", .plan(routine: nil, duration: nil)),
            ("plan routine=quick duration=20m", .plan(routine: .named("quick"), duration: .seconds(1200))),
            ("plan duration=1h", .plan(routine: nil, duration: .seconds(3600))),
            ("snooze", .snooze),
            ("schedule on", .schedule(enabled: true)),
            ("schedule off", .schedule(enabled: false)),
            ("history", .history(limit: 10)),
            ("history 1", .history(limit: 1)),
            ("history 007", .history(limit: 7)),
            ("history 1000", .history(limit: 1000)),
            ("history 1001", .history(limit: 1000)),
            ("history 99999999999999999999999", .history(limit: 1000)),
            ("reload", .reload),
            ("watch", .watch),
            ("  status  ", .status),
            ("volume\t\t+5", .volume(.relative(5))),
            ("status\r", .status),
        ])
        func reads(line: String, request: ControlRequest) throws {
            #expect(try ControlRequest(parsing: line) == request)
        }

        @Test("refuses bad lines with a message naming the problem", arguments: [
            ("", "empty-request", "empty request"),
            ("   \t ", "empty-request", "empty request"),
            ("STATUS", "unknown-command", "unknown command \"STATUS\""),
            ("play", "unknown-command", "known commands: ping, status, start, stop, pause, resume, skip, hold, extend, volume, next, plan, snooze, schedule, history, reload"),
            ("hold on", "bad-argument", "hold: takes no arguments"),
            ("plan duration=2h", "bad-argument", "plan: duration must be from"),
            ("plan routine=A", "bad-argument", "plan: routine=\"A\" is not a routine name"),
            ("plan speed=2", "bad-argument", "plan"),
            ("extend", "bad-argument", "extend: missing argument D"),
            ("extend 0s", "bad-argument", "must be more than zero"),
            ("extend -5m", "bad-argument", "extend: \"-5m\""),
            ("extend soon", "bad-argument", "give a time such as 10m"),
            ("extend 3h1s", "bad-argument", "at most 3h in all"),
            ("extend 10m 5m", "bad-argument", "unexpected argument"),
            ("ping now", "bad-argument", "ping: takes no arguments, found \"now\""),
            ("status x=1", "bad-argument", "status: takes no arguments"),
            ("volume", "bad-argument", "volume: missing argument N|+N|-N"),
            ("volume 101", "bad-argument", "out of range"),
            ("volume +101", "bad-argument", "out of range"),
            ("volume 1000", "bad-argument", "out of range"),
            ("volume loud", "bad-argument", "expected N, +N or -N"),
            ("volume +", "bad-argument", "expected N, +N or -N"),
            ("volume 5%", "bad-argument", "expected N, +N or -N"),
            ("volume 1.5", "bad-argument", "expected N, +N or -N"),
            ("volume ٣", "bad-argument", "expected N, +N or -N"),
            ("volume 5 6", "bad-argument", "unexpected argument \"6\" after \"5\""),
            ("schedule", "bad-argument", "missing argument on|off"),
            ("schedule maybe", "bad-argument", "expected on or off"),
            ("schedule ON", "bad-argument", "expected on or off"),
            ("history 0", "bad-argument", "at least 1"),
            ("history -3", "bad-argument", "whole number"),
            ("history ten", "bad-argument", "whole number"),
            ("history 3 4", "bad-argument", "unexpected argument"),
            ("start foot-massage", "bad-argument", "expected key=value, found \"foot-massage\""),
            ("start =x", "bad-argument", "expected key=value"),
            ("start volume=3", "bad-argument", "unknown argument \"volume\"; known: routine=NAME, duration=D"),
            ("start routine=a routine=b", "bad-argument", "\"routine\" given twice"),
            ("start routine=", "bad-argument", "routine= has no value"),
            ("start routine=Foot", "bad-argument", "not a routine name"),
            ("start routine=foot_massage", "bad-argument", "not a routine name"),
            ("start duration=15", "bad-argument", "missing a unit"),
            ("start duration=-5m", "bad-argument", "negative"),
            ("start duration=4m", "bad-argument", "must be from 5m to 1h, found 4m"),
            ("start duration=2h", "bad-argument", "must be from 5m to 1h"),
            ("status\u{00}", "invalid-text", "control character U+0000"),
            ("status\u{1B}[2J", "invalid-text", "control character U+001B"),
            ("sta\rtus", "invalid-text", "control character U+000D"),
        ])
        func refuses(line: String, code: String, message: String) {
            #expect {
                try ControlRequest(parsing: line)
            } throws: { error in
                guard let error = error as? ControlProtocolError else { return false }
                return error.code == ControlProtocolError.Code(code) && error.message.contains(message)
            }
        }

        @Test("refuses invalid UTF-8", arguments: [
            [0x73, 0xFF],
            [0xC3],
            [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80],
            [0x70, 0x69, 0x6E, 0x67, 0x20, 0xC0, 0xAF],
        ] as [[UInt8]])
        func refusesInvalidUTF8(bytes: [UInt8]) {
            #expect(throws: ControlProtocolError(.invalidText, "the request is not valid UTF-8")) {
                try ControlRequest(parsing: bytes)
            }
        }

        @Test("a line of 4096 bytes is read; 4097 bytes are too long")
        func lengthLimit() throws {
            let longest = "history" + String(repeating: " ", count: 4096 - "history".count)
            #expect(try ControlRequest(parsing: longest) == .history(limit: 10))
            #expect {
                try ControlRequest(parsing: longest + " ")
            } throws: { ($0 as? ControlProtocolError)?.code == .lineTooLong }
        }

        @Test("a huge unknown command is shortened in the message")
        func longUnknownCommand() {
            let word = String(repeating: "x", count: 4000)
            #expect {
                try ControlRequest(parsing: word)
            } throws: { error in
                guard let error = error as? ControlProtocolError else { return false }
                return error.code == .unknownCommand && error.message.count < 300
            }
        }

        @Test("the canonical line reads back as the same request", arguments: [
            ControlRequest.ping, .status, .start(routine: nil, duration: nil),
            .start(routine: .named("quick"), duration: .seconds(5400 - 1800)),
            .start(routine: .file(path: "/srv/r.toml"), duration: .seconds(330)),
            .stop, .pause, .resume, .skip, .volume(.set(0)), .volume(.relative(0)), .volume(.relative(-7)),
            .volume(.relative(12)), .next, .snooze, .schedule(enabled: true), .schedule(enabled: false),
            .history(limit: 1), .history(limit: 1000), .reload, .plan(routine: nil, duration: nil),
            .plan(routine: .named("acupressure"), duration: .seconds(600)),
        ])
        func roundTrips(request: ControlRequest) throws {
            #expect(try ControlRequest(parsing: request.line) == request)
            #expect(request.line.hasPrefix(request.name))
        }

        @Test("lines as winddownctl sends them", arguments: [
            (ControlRequest.start(routine: .named("quick"), duration: .seconds(900)), "start routine=quick duration=15m"),
            (.start(routine: nil, duration: .seconds(5400 - 1800)), "start duration=1h"),
            (.volume(.set(30)), "volume 30"),
            (.volume(.relative(5)), "volume +5"),
            (.volume(.relative(-5)), "volume -5"),
            (.volume(.relative(0)), "volume +0"),
            (.schedule(enabled: false), "schedule off"),
            (.history(limit: 25), "history 25"),
        ])
        func lines(request: ControlRequest, line: String) {
            #expect(request.line == line)
        }

        @Test("command-line arguments map to requests, checked like request lines")
        func commandLineMapping() throws {
            #expect(try ControlRequest.start(routineText: nil, durationText: nil) == .start(routine: nil, duration: nil))
            #expect(
                try ControlRequest.start(routineText: "acupressure", durationText: "20m")
                    == .start(routine: .named("acupressure"), duration: .seconds(1200)))
            #expect(try ControlRequest.start(routineText: "acupressure", durationText: "20m").line
                == "start routine=acupressure duration=20m")
            #expect(throws: ControlProtocolError.self) { try ControlRequest.start(routineText: "/my routines/a.toml", durationText: nil) }
            #expect(throws: ControlProtocolError.self) { try ControlRequest.start(routineText: nil, durationText: "90m") }
            #expect(try ControlRequest.history(countText: "5000") == .history(limit: 1000))
            #expect(throws: ControlProtocolError.self) { try ControlRequest.history(countText: "0") }
            #expect(ControlRequest.commandNames.count == 17)
        }

        @Test("volume changes stay within 0 and the ceiling", arguments: [
            (VolumeChange.set(30), 20, 100, 30),
            (.set(80), 20, 50, 50),
            (.relative(5), 20, 100, 25),
            (.relative(-30), 20, 100, 0),
            (.relative(40), 20, 50, 50),
            (.relative(0), 70, 50, 50),
            (.set(10), 0, -5, 0),
            (.set(100), 0, 200, 100),
        ])
        func volumeApplied(change: VolumeChange, current: Int, maximum: Int, result: Int) {
            #expect(change.applied(to: current, maximum: maximum) == result)
        }
    }
}
