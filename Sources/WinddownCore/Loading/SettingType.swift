/// A value of the right TOML type whose content is still wrong, such as
/// the string `"15 minutes"` where a duration belongs.
struct InvalidSetting: Error {
    let message: String
}

/// How one kind of setting is read from TOML: what it expects, for
/// "expected …, found …" messages, and how the value is converted.
struct SettingType<Value> {
    /// Phrased to follow "expected", such as `a string like "15m"`.
    let expected: String
    /// Returns nil when the TOML type is wrong; throws when the type is
    /// right but the content is not.
    let convert: (TOMLValue) throws(InvalidSetting) -> Value?

    /// A setting written as a TOML string and parsed further by `parse`.
    /// The examples go into messages: `a string like "21:45" or "off"`.
    static func string(
        examples: String..., parse: @escaping (String) throws(InvalidSetting) -> Value
    ) -> Self {
        let expected = "a string like " + examples.map { "\"\($0)\"" }.joined(separator: " or ")
        return SettingType(expected: expected) { value throws(InvalidSetting) in
            guard let text = value.string else { return nil }
            return try parse(text)
        }
    }
}

extension SettingType {
    /// A string read by a parsing initialiser whose error says what is wrong.
    static func parsed(example: String, _ parse: @escaping (String) throws(InvalidValue) -> Value) -> Self {
        .string(examples: example) { text throws(InvalidSetting) in
            do throws(InvalidValue) { return try parse(text) } catch { throw InvalidSetting(message: error.description) }
        }
    }
}

extension SettingType where Value == Bool {
    static var boolean: Self { SettingType(expected: "true or false") { $0.boolean } }
}

extension SettingType where Value == Int {
    static func integer(example: Int) -> Self { SettingType(expected: "an integer like \(example)") { $0.integer.flatMap { Int(exactly: $0) } } }
}

extension SettingType where Value == String {
    static func text(example: String) -> Self { .string(examples: example) { $0 } }
}

extension SettingType where Value == Duration {
    static func duration(example: String) -> Self {
        .string(examples: example) { text throws(InvalidSetting) in
            do throws(DurationParseError) { return try Duration(parsing: text) } catch {
                throw InvalidSetting(message: "\"\(text)\": \(error.message)")
            }
        }
    }
}

extension SettingType where Value == ClockTime {
    static var clockTime: Self {
        .string(examples: "22:30") { text throws(InvalidSetting) in
            do throws(ClockTimeParseError) { return try ClockTime(parsing: text) } catch {
                throw InvalidSetting(message: "\"\(text)\": \(error.message)")
            }
        }
    }
}

extension SettingType where Value == WeekdayOverride {
    /// `"21:45"`, `"off"`, or a table of the night's own settings.
    static var weekdayOverride: Self {
        SettingType(expected: "a string like \"21:45\" or \"off\", or a table like { time = \"23:15\", routine = \"quick\" }") {
            value throws(InvalidSetting) in
            if let text = value.string {
                do throws(ClockTimeParseError) { return try WeekdayOverride(parsing: text) } catch {
                    throw InvalidSetting(message: "\"\(text)\": \(error.message)")
                }
            }
            guard let table = value.table else { return nil }
            return .night(try nightPlan(table))
        }
    }

    private static func nightPlan(_ table: TOMLTable) throws(InvalidSetting) -> NightPlan {
        for (key, _) in table where !NightPlan.keys.contains(key) {
            throw InvalidSetting(message: "unknown key \"\(key)\" in the day's table; it may set time, routine, duration and sound")
        }
        func field<Part>(_ key: String, _ type: SettingType<Part>) throws(InvalidSetting) -> Part? {
            guard let raw = table[key] else { return nil }
            do {
                if let value = try type.convert(raw) { return value }
            } catch {
                throw InvalidSetting(message: "\(key): \(error.message)")
            }
            throw InvalidSetting(message: "\(key): expected \(type.expected), found \(foundDescription(of: raw))")
        }
        return NightPlan(
            time: try field("time", .clockTime), routine: try field("routine", .routine),
            duration: try field("duration", .duration(example: "10m")), sound: try field("sound", .sleepSound))
    }
}

extension SettingType where Value == RoutineReference {
    static var routine: Self {
        .string(examples: "foot-massage") { text throws(InvalidSetting) in
            guard let routine = RoutineReference(parsing: text) else {
                throw InvalidSetting(message: "is empty; give a routine name such as \"foot-massage\" or a path to a routine file")
            }
            return routine
        }
    }
}

extension SettingType where Value == SleepSound {
    static var sleepSound: Self {
        .string(examples: "brown") { text throws(InvalidSetting) in
            guard let sound = SleepSound(parsing: text) else {
                throw InvalidSetting(
                    message: "\"\(text)\" is neither a built-in sound (\(BuiltInSound.namesInWords)) nor a path;"
                        + " a path contains a \"/\" or ends in an audio extension such as .wav or .flac")
            }
            return sound
        }
    }
}

extension SettingType where Value == TextToSpeech {
    static var textToSpeech: Self {
        .string(examples: "auto") { text throws(InvalidSetting) in
            guard let tts = TextToSpeech(parsing: text) else {
                throw InvalidSetting(message: "is empty; use \"auto\", \"off\" or a command line")
            }
            return tts
        }
    }
}

extension SettingType where Value == Double {
    static func number(example: String) -> Self {
        SettingType(expected: "a number like \(example)") { value in value.float ?? value.integer.map(Double.init) }
    }
}

extension SettingType {
    /// One of a fixed set of words, such as `"first"`, `"always"` or `"off"`.
    static func keyword(_ choices: [(String, Value)]) -> Self {
        let names = choices.map { "\"\($0.0)\"" }
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        return .string(examples: choices[0].0) { text throws(InvalidSetting) in
            guard let match = choices.first(where: { $0.0 == text }) else {
                // A value pasted by mistake may be huge: the message shows its start.
                let shown = text.count > 80 ? text.prefix(77) + "..." : Substring(text)
                throw InvalidSetting(message: "\"\(shown)\" is not one of \(list)")
            }
            return match.1
        }
    }
}

extension SettingType where Value == DimmingCurve {
    static var dimmingCurve: Self {
        .string(examples: "perceptual") { text throws(InvalidSetting) in
            guard let curve = DimmingCurve(rawValue: text) else {
                throw InvalidSetting(message: "\"\(text)\" is not a curve; use \"linear\" or \"perceptual\"")
            }
            return curve
        }
    }
}

extension SettingType where Value == [SnapcastRoom] {
    /// An array of `{ client = "…", volume = 0-100 }` tables (inline or `[[snapcast.rooms]]`).
    static var snapcastRooms: Self {
        SettingType(expected: "an array of tables like { client = \"bedroom\", volume = 30 }") { value throws(InvalidSetting) in
            guard let items = value.array else { return nil }
            var rooms: [SnapcastRoom] = []
            for (index, item) in items.enumerated() {
                let place = "room \(index + 1)"
                guard let table = item.table else {
                    throw InvalidSetting(message: "\(place): expected a table like { client = \"bedroom\", volume = 30 }, found \(foundDescription(of: item))")
                }
                for (key, _) in table where key != "client" && key != "volume" {
                    throw InvalidSetting(message: "\(place): unknown key \"\(key)\"; a room has client and volume")
                }
                guard let rawClient = table["client"] else { throw InvalidSetting(message: "\(place): client is missing") }
                guard let clientText = rawClient.string else {
                    throw InvalidSetting(message: "\(place): client: expected a string like \"bedroom\", found \(foundDescription(of: rawClient))")
                }
                let client: SnapcastClientName
                do throws(InvalidValue) { client = try SnapcastClientName(parsing: clientText) } catch {
                    throw InvalidSetting(message: "\(place): client \(error.description)")
                }
                // A room without a level would play at whatever the speaker was left at: a level is required.
                guard let rawVolume = table["volume"] else {
                    throw InvalidSetting(message: "\(place) (\(client)): volume is missing; give 0 to 100")
                }
                guard let volume = rawVolume.integer else {
                    throw InvalidSetting(message: "\(place) (\(client)): volume: expected an integer like 30, found \(foundDescription(of: rawVolume))")
                }
                guard (0...100).contains(volume) else {
                    throw InvalidSetting(message: "\(place) (\(client)): volume must be from 0 to 100, found \(volume)")
                }
                guard !rooms.contains(where: { $0.client == client }) else {
                    throw InvalidSetting(message: "\(place): client \"\(client)\" is listed twice")
                }
                rooms.append(SnapcastRoom(client: client, volume: Int(volume)))
            }
            return rooms
        }
    }
}

/// How a TOML value is named after "found": `integer 15`, `string "15"`, `a table`.
func foundDescription(of value: TOMLValue) -> String {
    switch value {
    case .string(let text): "string \"\(text.count > 80 ? text.prefix(77) + "..." : text)\""
    case .integer(let number): "integer \(number)"
    case .float(let number): "floating-point number \(number)"
    case .boolean(let flag): "boolean \(flag)"
    case .dateTime(let moment): "\(moment.kindName) \(moment)"
    case .table: "a table"
    case .array: "an array"
    }
}
