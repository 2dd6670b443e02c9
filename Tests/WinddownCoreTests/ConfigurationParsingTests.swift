import Foundation
import Testing
import WinddownCore

@Suite("Reading a valid configuration")
struct ConfigurationParsingTests {
    @Test("an empty file gives the defaults")
    func emptyFileGivesDefaults() throws {
        #expect(try Configuration.parse("", file: "empty.toml") == .defaults)
        #expect(try Configuration.parse("# only a comment\n\n[audio]\n", file: "empty.toml") == .defaults)
    }

    @Test("the defaults are the documented ones")
    func defaultsAreDocumented() {
        let defaults = Configuration.defaults
        #expect(defaults.schedule.enabled)
        #expect(defaults.schedule.time.description == "22:30")
        #expect(defaults.schedule.weekdayOverrides.isEmpty)
        #expect(defaults.schedule.timezone == nil)
        #expect(defaults.schedule.grace == .seconds(1800))
        #expect(defaults.session.routine == .named("foot-massage"))
        #expect(defaults.session.duration == .seconds(900))
        #expect(defaults.session.fadeOut == .seconds(1200))
        #expect(defaults.audio.device == "default")
        #expect(defaults.audio.sound == .builtIn(.brown))
        #expect((defaults.audio.volume, defaults.audio.voiceVolume, defaults.audio.maxVolume) == (20, 28, 50))
        #expect(defaults.audio.duck == 10)
        #expect(defaults.voice.tts == .automatic)
        #expect(defaults.dimming.hook == nil)
        #expect((defaults.dimming.from, defaults.dimming.to) == (60, 0))
        #expect(defaults.dimming.duration == nil)
        #expect(defaults.dimming.interval == .seconds(60))
        #expect(defaults.dimming.timeout == .seconds(10))
        #expect(defaults.control.group == nil)
        #expect(defaults.problems(file: "defaults").isEmpty)
    }

    @Test("every key is read into its place")
    func everyKeyIsRead() throws {
        let text = """
            [schedule]
            enabled = false
            time = "21:15"
            mon = "22:00"
            sat = "off"
            timezone = "America/Argentina/Buenos_Aires"
            grace = "1h"

            [session]
            routine = "./routines/mine.toml"
            duration = "25m"
            fade_out = "0s"

            [audio]
            device = "plughw:1,0"
            sound = "Rain"
            volume = 15
            voice_volume = 35
            max_volume = 40
            duck = 0

            [voice]
            tts = "espeak-ng --stdout"

            [dimming]
            hook = "/usr/local/bin/dim"
            from = 80
            to = 10
            duration = "30m"
            interval = "0s"
            timeout = "5m"

            [control]
            group = "sleepers"
            """
        let config = try Configuration.parse(text, file: "full.toml")
        #expect(!config.schedule.enabled)
        #expect(config.schedule.time == ClockTime(hour: 21, minute: 15))
        #expect(config.schedule.weekdayOverrides == [.monday: .at(ClockTime(hour: 22, minute: 0)!), .saturday: .off])
        #expect(config.schedule.plannedStart(on: .monday) == ClockTime(hour: 22, minute: 0))
        #expect(config.schedule.plannedStart(on: .tuesday) == ClockTime(hour: 21, minute: 15))
        #expect(config.schedule.plannedStart(on: .saturday) == nil)
        #expect(config.schedule.timezone == "America/Argentina/Buenos_Aires")
        #expect(config.schedule.grace == .seconds(3600))
        #expect(config.session.routine == .file(path: "./routines/mine.toml"))
        #expect(config.session.duration == .seconds(1500))
        #expect(config.session.fadeOut == .zero)
        #expect(config.audio.device == "plughw:1,0")
        #expect(config.audio.sound == .builtIn(.rain))
        #expect((config.audio.volume, config.audio.voiceVolume, config.audio.maxVolume, config.audio.duck) == (15, 35, 40, 0))
        #expect(config.voice.tts == .command("espeak-ng --stdout"))
        #expect(config.dimming.hook == "/usr/local/bin/dim")
        #expect((config.dimming.from, config.dimming.to) == (80, 10))
        #expect(config.dimming.duration == .seconds(1800))
        #expect(config.dimming.effectiveDuration(guidedLength: .seconds(60)) == .seconds(1800))
        #expect(config.dimming.interval == .zero)
        #expect(config.dimming.timeout == .seconds(300))
        #expect(config.control.group == "sleepers")
    }

    @Test("inline tables and dotted keys work like table headers")
    func otherTOMLSpellings() throws {
        let config = try Configuration.parse("audio = { volume = 5 }\nsession.duration = \"5m\"\n", file: "t.toml")
        #expect(config.audio.volume == 5)
        #expect(config.session.duration == .seconds(300))
    }

    @Test("sleep sounds: built-in names and paths", arguments: [
        ("brown", SleepSound.builtIn(.brown)),
        ("DRONE", .builtIn(.drone)),
        ("/srv/sounds", .path("/srv/sounds")),
        ("sounds/", .path("sounds/")),
        ("waves.FLAC", .path("waves.FLAC")),
        ("rain.ogg", .path("rain.ogg")),
    ])
    func sleepSounds(text: String, expected: SleepSound) throws {
        let config = try Configuration.parse("[audio]\nsound = \"\(text)\"\n", file: "t.toml")
        #expect(config.audio.sound == expected)
    }

    @Test("voice.tts keywords and commands", arguments: [
        ("auto", TextToSpeech.automatic),
        ("Off", .off),
        ("piper --output_file -", .command("piper --output_file -")),
    ])
    func textToSpeech(text: String, expected: TextToSpeech) throws {
        let config = try Configuration.parse("[voice]\ntts = \"\(text)\"\n", file: "t.toml")
        #expect(config.voice.tts == expected)
    }
}

@Suite("Loading a configuration file")
struct ConfigurationLoadingTests {
    @Test("a missing file is an error naming the path")
    func missingFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("absent.toml").path
        #expect(throws: ConfigurationError(problems: [
            ConfigurationProblem(file: path, key: nil, line: nil, message: "no such file")
        ])) {
            try Configuration.load(path: path)
        }
    }

    @Test("a folder is not a configuration file")
    func folder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path
        #expect(throws: ConfigurationError.self) { try Configuration.load(path: path) }
    }

    @Test("problems carry the path they were loaded from")
    func problemsNameThePath() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("winddown.toml")
        try writeFile("[audio]\nvolume = 101\n", to: url)
        #expect(throws: ConfigurationError(problems: [
            ConfigurationProblem(file: url.path, key: "audio.volume", line: 2, message: "must be from 0 to 100, found 101")
        ])) {
            try Configuration.load(path: url.path)
        }
    }

    @Test("relative paths are taken from the file's folder")
    func relativePaths() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("winddown.toml")
        try writeFile("""
            [session]
            routine = "routines/mine.toml"
            [audio]
            sound = "sounds/rain.wav"
            [dimming]
            hook = "/usr/bin/true"
            """, to: url)
        let config = try Configuration.load(path: url.path)
        #expect(config.session.routine == .file(path: folder.appendingPathComponent("routines/mine.toml").path))
        #expect(config.audio.sound == .path(folder.appendingPathComponent("sounds/rain.wav").path))
        #expect(config.dimming.hook == "/usr/bin/true")
    }
}
