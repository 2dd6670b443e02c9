import Foundation
import Testing
import WinddownCore

/// The shipped `config/winddown.toml` documents every setting as a
/// commented-out line, `# key = value`, with its default. Settings without a
/// default are shown as examples, in a run of lines after `# Example, …`.
/// These tests hold the file and `Configuration.defaults` together.
@Suite("The shipped config/winddown.toml")
struct ShippedConfigurationTests {
    /// Every key the loader reads (it records them as it reads).
    static let allKeys = Set(Configuration.knownKeys)

    /// The settings that have no default, and how to take an example value back out.
    static let unsetByDefault: [String: @Sendable (inout Configuration) -> Void] = [
        "schedule.mon": { $0.schedule.weekdayOverrides[.monday] = nil },
        "schedule.tue": { $0.schedule.weekdayOverrides[.tuesday] = nil },
        "schedule.wed": { $0.schedule.weekdayOverrides[.wednesday] = nil },
        "schedule.thu": { $0.schedule.weekdayOverrides[.thursday] = nil },
        "schedule.fri": { $0.schedule.weekdayOverrides[.friday] = nil },
        "schedule.sat": { $0.schedule.weekdayOverrides[.saturday] = nil },
        "schedule.sun": { $0.schedule.weekdayOverrides[.sunday] = nil },
        "schedule.timezone": { $0.schedule.timezone = nil },
        "dimming.hook": { $0.dimming.hook = nil },
        "dimming.duration": { $0.dimming.duration = nil },
        "control.group": { $0.control.group = nil },
        "voice.model": { $0.voice.model = nil },
        "mqtt.broker": { $0.mqtt.broker = nil },
        "mqtt.username": { $0.mqtt.username = nil },
        "mqtt.password_file": { $0.mqtt.passwordFile = nil },
        "mqtt.node_id": { $0.mqtt.nodeID = nil },
        "web.token_file": { $0.web.tokenFile = nil },
        "snapcast.server": { $0.snapcast.server = nil },
        "snapcast.rooms": { $0.snapcast.rooms = nil },
    ]

    let file: ShippedFile

    init() throws {
        file = try ShippedFile()
    }

    @Test("as shipped, with every setting commented out, it gives the defaults")
    func asShipped() throws {
        #expect(try Configuration.parse(file.text, file: file.path) == .defaults)
    }

    @Test("every key is there exactly once, under its own table")
    func everyKeyOnce() {
        let keys = file.settings.map(\.key)
        #expect(Set(keys) == Self.allKeys)
        #expect(keys.count == Set(keys).count)
    }

    @Test("exactly the settings without a default are marked as examples")
    func examplesAreTheUnsetKeys() {
        let examples = Set(file.settings.filter(\.isExample).map(\.key))
        #expect(examples == Set(Self.unsetByDefault.keys))
    }

    @Test("every setting has a comment before it")
    func everySettingIsExplained() {
        for setting in file.settings {
            #expect(file.lines[setting.lineIndex - 1].hasPrefix("#"), "\(setting.key) has no comment above it")
        }
    }

    @Test("with every setting uncommented it still gives the defaults, but for the examples")
    func uncommented() throws {
        let text = file.uncommenting { _ in true }
        var config = try Configuration.parse(text, file: file.path)
        for (key, reset) in Self.unsetByDefault {
            var withoutThisExample = config
            reset(&withoutThisExample)
            #expect(withoutThisExample != config, "the example for \(key) sets nothing")
            reset(&config)
        }
        #expect(config == .defaults)
    }

    @Test("with only the defaults uncommented it gives the defaults exactly")
    func onlyDefaultsUncommented() throws {
        let text = file.uncommenting { !$0.isExample }
        #expect(try Configuration.parse(text, file: file.path) == .defaults)
    }
}

/// The shipped file, split into lines, with its settings found.
struct ShippedFile {
    /// One `# key = value` line.
    struct Setting {
        let key: String
        let lineIndex: Int
        let isExample: Bool
    }

    let path: String
    let text: String
    let lines: [String]
    let settings: [Setting]

    init(sourceFile: String = #filePath) throws {
        // Tests/WinddownCoreTests/<this file> -> the package root.
        let root = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        path = root.appendingPathComponent("config/winddown.toml").path
        text = try String(contentsOfFile: path, encoding: .utf8)
        lines = text.components(separatedBy: "\n")

        var settings: [Setting] = []
        var table = ""
        var inExample = false
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("[") {
                table = String(line.dropFirst().prefix { $0 != "]" })
            } else if let key = Self.settingKey(in: line) {
                settings.append(Setting(key: "\(table).\(key)", lineIndex: index, isExample: inExample))
                continue
            }
            // An example marker covers the run of settings right after it.
            inExample = line.hasPrefix("# Example")
        }
        self.settings = settings
    }

    /// The key of a line that is exactly `# key = value`, else nil.
    static func settingKey(in line: String) -> String? {
        guard line.hasPrefix("# ") else { return nil }
        let parts = line.dropFirst(2).components(separatedBy: " = ")
        guard parts.count >= 2, let key = parts.first, !key.isEmpty,
            key.allSatisfy({ $0.isLowercase || $0 == "_" })
        else { return nil }
        return key
    }

    /// The text with the `# ` removed from the settings `include` picks.
    func uncommenting(_ include: (Setting) -> Bool) -> String {
        var lines = self.lines
        for setting in settings where include(setting) {
            lines[setting.lineIndex] = String(lines[setting.lineIndex].dropFirst(2))
        }
        return lines.joined(separator: "\n")
    }
}
