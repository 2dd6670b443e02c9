import Testing
import WinddownCore

@Suite("Reporting problems")
struct ProblemReportingTests {
    @Test("every problem is reported at once, in file order")
    func allProblemsAtOnce() {
        let text = """
            [schedule]
            time = "7:30"
            grace = 5

            [audio]
            volum = 20
            max_volume = 150
            sound = "white"

            [dimming]
            from = 20
            to = 40

            [extras]
            fun = true
            """
        let found = problems(in: text, file: "/etc/winddown/winddown.toml")
        #expect(found.map(\.key) == [
            "schedule.time", "schedule.grace", "audio.volum", "audio.max_volume", "audio.sound", "dimming.to", "extras",
        ])
        #expect(found.map(\.line) == [2, 3, 6, 7, 8, 12, 14])
        #expect(found.allSatisfy { $0.file == "/etc/winddown/winddown.toml" })
    }

    @Test("a ceiling below the default volumes points at the ceiling's line")
    func ceilingBelowDefaults() {
        let found = problems(in: "[audio]\n\nmax_volume = 10\n")
        #expect(found == [
            ConfigurationProblem(
                file: "test.toml", key: "audio.volume", line: 3,
                message: "20 is above audio.max_volume (10); lower it or raise the ceiling"),
            ConfigurationProblem(
                file: "test.toml", key: "audio.voice_volume", line: 3,
                message: "28 is above audio.max_volume (10); lower it or raise the ceiling"),
        ])
    }

    @Test("a value that could not be read is not blamed again by rules about it")
    func noFollowUpProblems() {
        let found = problems(in: "[audio]\nvolume = \"loud\"\nmax_volume = 10\n")
        #expect(found.map(\.key) == ["audio.volume", "audio.voice_volume"])
        #expect(found.first?.message == "expected an integer like 20, found string \"loud\"")
    }

    @Test("the error prints one FILE:LINE: KEY: message line per problem")
    func errorDescription() {
        let error = ConfigurationError(problems: [
            ConfigurationProblem(file: "w.toml", key: "audio.volume", line: 12, message: "must be from 0 to 100, found 120"),
            ConfigurationProblem(file: "w.toml", key: "audio.volume", line: nil, message: "no line"),
            ConfigurationProblem(file: "w.toml", key: nil, line: 3, message: "TOML syntax error"),
            ConfigurationProblem(file: "w.toml", key: nil, line: nil, message: "no such file"),
        ])
        #expect(error.description == """
            w.toml:12: audio.volume: must be from 0 to 100, found 120
            w.toml: audio.volume: no line
            w.toml:3: TOML syntax error
            w.toml: no such file
            """)
    }

    @Test("a configuration changed in code is checked by the same rules")
    func problemsOfAValue() {
        var config = Configuration.defaults
        config.session.duration = .seconds(2 * 3600)
        config.dimming.to = 70
        #expect(config.problems(file: "--duration") == [
            ConfigurationProblem(file: "--duration", key: "session.duration", line: nil, message: "must be from 5m to 1h, found 2h"),
            ConfigurationProblem(
                file: "--duration", key: "dimming.to", line: nil,
                message: "70 is above dimming.from (60); the lights only ever dim, never brighten"),
        ])
    }
}
