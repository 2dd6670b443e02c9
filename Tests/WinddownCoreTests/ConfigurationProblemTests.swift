import Testing
import WinddownCore

/// One document with exactly one problem, and that problem.
struct ProblemCase: Sendable, CustomTestStringConvertible {
    let toml: String
    let key: String?
    let line: Int?
    let message: String

    init(_ toml: String, _ key: String?, line: Int?, _ message: String) {
        self.toml = toml
        self.key = key
        self.line = line
        self.message = message
    }

    var testDescription: String { "\(key ?? "syntax"): \(message)" }
}

@Suite("Problems in a configuration")
struct ConfigurationProblemTests {
    static let unknownKeys: [ProblemCase] = [
        .init("[audio]\nvolum = 20\n", "audio.volum", line: 2, "unknown key; did you mean `audio.volume`?"),
        .init("[audio]\nVolume = 20\n", "audio.Volume", line: 2, "unknown key; did you mean `audio.volume`?"),
        .init("[session]\nfadeout = \"5m\"\n", "session.fadeout", line: 2, "unknown key; did you mean `session.fade_out`?"),
        .init("[session]\nvolume = 20\n", "session.volume", line: 2, "unknown key; did you mean `audio.volume`?"),
        .init("volume = 20\n", "volume", line: 1, "unknown key; did you mean `audio.volume`?"),
        .init("[schedule]\nmonday = \"off\"\n", "schedule.monday", line: 2, "unknown key; did you mean `schedule.mon`?"),
        .init(
            "[schedule]\nduration = \"15m\"\n", "schedule.duration", line: 2,
            "unknown key; did you mean `session.duration` or `dimming.duration`?"),
        .init("[audio]\n\n# a comment\nbanana = 1\n", "audio.banana", line: 4, "unknown key"),
        .init("[audoi]\nvolume = 20\n", "audoi", line: 1, "unknown table; did you mean `[audio]`?"),
        .init("[lights]\nlevel = 20\n", "lights", line: 1, "unknown table"),
        .init("[audio.extra]\nx = 1\n", "audio.extra", line: 1, "unknown key"),
        .init("audio = 5\n", "audio", line: 1, "expected a table [audio], found integer 5"),
    ]

    static let wrongTypes: [ProblemCase] = [
        .init("[session]\nduration = 15\n", "session.duration", line: 2, "expected a string like \"15m\", found integer 15"),
        .init("[audio]\nvolume = \"20\"\n", "audio.volume", line: 2, "expected an integer like 20, found string \"20\""),
        .init("[audio]\nvolume = 20.5\n", "audio.volume", line: 2, "expected an integer like 20, found floating-point number 20.5"),
        .init("[audio]\nvolume = [20]\n", "audio.volume", line: 2, "expected an integer like 20, found an array"),
        .init("[schedule]\nenabled = \"yes\"\n", "schedule.enabled", line: 2, "expected true or false, found string \"yes\""),
        .init("[schedule]\ntime = 22:30:00\n", "schedule.time", line: 2, "expected a string like \"22:30\", found time 22:30:00"),
        .init("[schedule]\nsun = false\n", "schedule.sun", line: 2, "expected a string like \"21:45\" or \"off\", or a table like { time = \"23:15\", routine = \"quick\" }, found boolean false"),
        .init("[voice]\ntts = { cmd = \"x\" }\n", "voice.tts", line: 2, "expected a string like \"auto\", found a table"),
        .init("[dimming]\nhook = 1\n", "dimming.hook", line: 2, "expected a string like \"/usr/local/bin/dim-lights\", found integer 1"),
    ]

    static let badValues: [ProblemCase] = [
        .init(
            "[session]\nfade_out = \"20 min\"\n", "session.fade_out", line: 2,
            "\"20 min\": contains a space; write the parts together, like \"1h30m\""),
        .init("[schedule]\ngrace = \"-5m\"\n", "schedule.grace", line: 2, "\"-5m\": negative durations are not allowed"),
        .init("[schedule]\ntime = \"24:00\"\n", "schedule.time", line: 2, "\"24:00\": the hour must be from 00 to 23"),
        .init(
            "[schedule]\nsat = \"late\"\n", "schedule.sat", line: 2,
            "\"late\": expected \"off\" or a 24-hour time \"HH:MM\" with two digits each, like \"07:05\" or \"22:30\""),
        .init(
            "[audio]\nsound = \"white\"\n", "audio.sound", line: 2,
            "\"white\" is neither a built-in sound (brown, pink, rain, ocean or drone) nor a path;"
                + " a path contains a \"/\" or ends in an audio extension such as .wav or .flac"),
        .init("[voice]\ntts = \" \"\n", "voice.tts", line: 2, "is empty; use \"auto\", \"off\" or a command line"),
        .init(
            "[session]\nroutine = \"\"\n", "session.routine", line: 2,
            "is empty; give a routine name such as \"foot-massage\" or a path to a routine file"),
        .init("[audio]\ndevice = \"\"\n", "audio.device", line: 2, "is empty; the usual ALSA device is \"default\""),
        .init("[dimming]\nhook = \"\"\n", "dimming.hook", line: 2, "is empty; remove the line for no dimming"),
        .init(
            "[schedule]\ntimezone = \"Berlin time\"\n", "schedule.timezone", line: 2,
            "\"Berlin time\" is not an IANA time zone name like \"Europe/Berlin\" or \"UTC\""),
        .init("[schedule]\ntimezone = \"../etc/passwd\"\n", "schedule.timezone", line: 2,
            "\"../etc/passwd\" is not an IANA time zone name like \"Europe/Berlin\" or \"UTC\""),
        .init("[control]\ngroup = \"sleep ers\"\n", "control.group", line: 2,
            "\"sleep ers\" is not a group name; use a name such as \"winddown\""),
    ]

    static let outOfRange: [ProblemCase] = [
        .init("[session]\nduration = \"90m\"\n", "session.duration", line: 2, "must be from 5m to 1h, found 1h30m"),
        .init("[session]\nduration = \"4m59s\"\n", "session.duration", line: 2, "must be from 5m to 1h, found 4m59s"),
        .init("[session]\nfade_out = \"3h1s\"\n", "session.fade_out", line: 2, "must be from 0s to 3h, found 3h1s"),
        .init("[schedule]\ngrace = \"13h\"\n", "schedule.grace", line: 2, "must be from 0s to 12h, found 13h"),
        .init("[audio]\nvolume = 120\n", "audio.volume", line: 2, "must be from 0 to 100, found 120"),
        .init("[audio]\nvoice_volume = -1\n", "audio.voice_volume", line: 2, "must be from 0 to 100, found -1"),
        .init("[audio]\nmax_volume = 101\n", "audio.max_volume", line: 2, "must be from 0 to 100, found 101"),
        .init("[audio]\nduck = 41\n", "audio.duck", line: 2, "must be from 0 to 40 dB, found 41"),
        .init("[dimming]\nfrom = 101\n", "dimming.from", line: 2, "must be from 0 to 100, found 101"),
        .init("[dimming]\nto = -5\n", "dimming.to", line: 2, "must be from 0 to 100, found -5"),
        .init("[dimming]\nduration = \"4h\"\n", "dimming.duration", line: 2, "must be from 0s to 3h, found 4h"),
        .init("[dimming]\ninterval = \"2h\"\n", "dimming.interval", line: 2, "must be from 0s to 1h, found 2h"),
        .init("[dimming]\ntimeout = \"0s\"\n", "dimming.timeout", line: 2, "must be from 1s to 5m, found 0s"),
        .init(
            "[audio]\nvolume = 40\nmax_volume = 30\nvoice_volume = 30\n", "audio.volume", line: 2,
            "40 is above audio.max_volume (30); lower it or raise the ceiling"),
        .init(
            "[dimming]\n\nto = 70\n", "dimming.to", line: 3,
            "70 is above dimming.from (60); the lights only ever dim, never brighten"),
    ]

    static let located: [ProblemCase] = [
        // The line of a key written with a dotted name at the top, or inside an inline table.
        .init("audio.volume = 120\n", "audio.volume", line: 1, "must be from 0 to 100, found 120"),
        .init("\naudio = { volume = 120 }\n", "audio.volume", line: 2, "must be from 0 to 100, found 120"),
        .init("[audio]\n\"volume\" = 120\n", "audio.volume", line: 2, "must be from 0 to 100, found 120"),
        // A commented-out line and a multi-line string that look like the key do not count.
        .init("[audio]\n# volume = 1\nvolume = 120\n", "audio.volume", line: 3, "must be from 0 to 100, found 120"),
        .init(
            "[audio]\ndevice = \"\"\"\nvolume = 1\n\"\"\"\nvolume = 120\n", "audio.volume", line: 5,
            "must be from 0 to 100, found 120"),
        .init("[audio]\r\n\r\nvolume = 120\r\n", "audio.volume", line: 3, "must be from 0 to 100, found 120"),
    ]

    @Test("unknown keys and tables", arguments: unknownKeys)
    func unknownKey(_ example: ProblemCase) { expectOnlyProblem(example) }

    @Test("wrong types", arguments: wrongTypes)
    func wrongType(_ example: ProblemCase) { expectOnlyProblem(example) }

    @Test("bad values", arguments: badValues)
    func badValue(_ example: ProblemCase) { expectOnlyProblem(example) }

    @Test("values out of range", arguments: outOfRange)
    func outOfRangeValue(_ example: ProblemCase) { expectOnlyProblem(example) }

    @Test("lines are found however the key is written", arguments: located)
    func lineFinding(_ example: ProblemCase) { expectOnlyProblem(example) }

    private func expectOnlyProblem(_ example: ProblemCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(in: example.toml)
        #expect(
            found == [ConfigurationProblem(file: "test.toml", key: example.key, line: example.line, message: example.message)],
            sourceLocation: sourceLocation)
    }

    @Test("TOML syntax errors carry the parser's line", arguments: [
        ("[audio\nvolume = 1\n", 1, "TOML syntax error at column 7: expected ']' to close the table header"),
        ("[audio]\nvolume = 20\nvolume = 30\n", 3, "TOML syntax error at column 1: key \"volume\" is defined twice (first on line 2)"),
        ("\n\n[schedule]\ntime = 22:30\n", 4, "TOML syntax error at column 8: invalid time"),
        ("[voice]\ntts = \"auto\n", 2, "TOML syntax error at column 12: unterminated string"),
    ] as [(String, Int, String)])
    func syntaxError(toml: String, line: Int, messageStart: String) throws {
        let found = problems(in: toml)
        let problem = try #require(found.count == 1 ? found.first : nil)
        #expect(problem.key == nil)
        #expect(problem.line == line)
        #expect(problem.message.hasPrefix(messageStart))
    }
}
