import Testing

@testable import WinddownCore

/// Extreme numbers through every numeric setting, routine field and socket
/// argument: each is either accepted and then usable all the way to a laid
/// out session, or refused with a message naming it. A trap anywhere on
/// that path would end the test process, so reaching the end is the proof.
@Suite("extreme values")
struct ExtremeValueTests {
    /// TOML numbers at the edges: zeros, the largest floats, infinities,
    /// NaN, the Int64 limits, and one past them (a syntax error).
    static let numbers = [
        "0", "-0", "+0", "0.0", "-0.0", "1e308", "-1e308", "1.7976931348623157e308", "5e-324", "inf", "-inf", "nan",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "1e19", "100", "101",
        "-1",
    ]
    /// Duration strings at the edges of what the grammar takes.
    static let durations = [
        "\"0s\"", "\"1s\"", "\"9223372036854775807s\"", "\"9223372036854775808s\"", "\"2562047788015215h\"",
        "\"2562047788015216h\"", "\"99999999999999999999h\"", "\"153722867280912930m\"", "\"1h9223372036854775807s\"",
        "\"60m\"", "\"4h\"", "\"3h1s\"",
    ]
    static let integerKeys = [
        ("audio", "volume"), ("audio", "voice_volume"), ("audio", "max_volume"), ("audio", "duck"), ("dimming", "from"),
        ("dimming", "to"),
    ]
    static let durationKeys = [
        ("schedule", "grace"), ("session", "duration"), ("session", "fade_out"), ("dimming", "duration"),
        ("dimming", "interval"), ("dimming", "timeout"), ("dimming", "offset"),
    ]

    @Test("every numeric configuration key, every extreme value")
    func configurationNumbers() {
        var accepted = 0
        var refused = 0
        for (table, key) in Self.integerKeys + Self.durationKeys {
            let isDuration = Self.durationKeys.contains { $0 == (table, key) }
            for value in Self.numbers + (isDuration ? Self.durations : []) {
                let text = "[\(table)]\n\(key) = \(value)\n" + (table == "dimming" ? "hook = \"/bin/true\"\n" : "")
                do {
                    let configuration = try Configuration.parse(text, file: "t.toml")
                    accepted += 1
                    layOut(configuration)
                } catch {
                    refused += 1
                    let named = error.problems.contains {
                        $0.key == "\(table).\(key)" || $0.message.contains("\(table).\(key)") || $0.message.contains("TOML syntax")
                    }
                    #expect(named, "\(table).\(key) = \(value): \(error)")
                }
            }
        }
        #expect(accepted > 0 && refused > accepted)
    }

    @Test("every numeric routine field, every extreme value")
    func routineNumbers() {
        let fields: [(key: String, values: [String], base: String)] = [
            ("share", Self.numbers, ""), ("duration", Self.durations + Self.numbers, ""),
            ("min", Self.durations, "share = 1\n"), ("max", Self.durations, "share = 1\n"),
        ]
        for field in fields {
            for value in field.values {
                let text = "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"a\"\n\(field.base)\(field.key) = \(value)\n"
                    + "[[steps]]\nid = \"b\"\ntitle = \"B\"\ntext = \"b\"\nshare = 2\n"
                do {
                    let routine = try Routine.parse(text, file: "r.toml")
                    for minutes: Int64 in [5, 60] {
                        _ = try? SessionTimeline.make(routine: routine, settings: Self.settings(guided: .seconds(minutes * 60)))
                    }
                } catch {
                    #expect(error.problems.contains { $0.field == field.key || $0.message.contains("TOML syntax") }, "\(field.key) = \(value): \(error)")
                }
            }
        }
        for value in Self.durations + Self.numbers {
            let text = "title = \"T\"\n[breathing]\ninhale = \(value)\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"a\"\nshare = 1\nbreathing = true\n"
            if let routine = try? Routine.parse(text, file: "r.toml") {
                _ = try? SessionTimeline.make(routine: routine, settings: Self.settings(guided: .seconds(300)))
            }
        }
    }

    @Test("every socket argument, every extreme value")
    func socketArguments() {
        let words = Self.numbers + Self.durations.map { String($0.dropFirst().dropLast()) } + [
            "+100", "-100", "+101", "--1", "+-1", "0x10", "1_000", "", " ", "\u{0}", "٣", "１",
        ]
        for word in words {
            for line in ["volume \(word)", "history \(word)", "start duration=\(word)", "schedule \(word)"] {
                guard let request = try? ControlRequest(parsing: Array(line.utf8)) else { continue }
                if case .volume(let change) = request {
                    for current in [0, 50, 100] { #expect((0...100).contains(change.applied(to: current, maximum: 50))) }
                }
                #expect((try? ControlRequest(parsing: Array(request.line.utf8))) == request, "\(line)")
            }
        }
    }

    @Test("a status answer with numbers no Int holds is refused, not a trap")
    func statusNumbers() throws {
        for number in ["1e300", "-1e300", "9.3e18", "1.7976931348623157e308"] {
            for key in ["elapsed_s", "remaining_s", "volume", "dimming_level"] {
                let volume = key == "volume" ? "" : ",\"volume\":20"
                let text = "{\"ok\":true,\"state\":\"running\"\(volume),\"\(key)\":\(number)}"
                guard case .object(let object) = try JSONParser().parse(text) else { continue }
                #expect(throws: ControlProtocolError.self, "\(key): \(number)") { try StatusReport(json: object) }
            }
        }
    }

    @Test("frame arithmetic saturates instead of trapping")
    func frames() {
        #expect(Duration.seconds(Int64.max).frames(atSampleRate: 48_000) == Int64.max)
        #expect(FrameTime.frames(seconds: .infinity, sampleRate: 48_000) == 0)
        #expect(FrameTime.frames(seconds: 1e300, sampleRate: 48_000) > 0)
        #expect(Duration(frames: Int64.max, sampleRate: 48_000) > .zero)
    }

    static func settings(guided: Duration) -> TimelineSettings {
        TimelineSettings(sampleRate: 8000, guided: guided, fadeOut: .seconds(60), promptDuration: { _ in .seconds(2) })
    }

    /// What the daemon does with an accepted configuration: a timeline and a dimming plan.
    private func layOut(_ configuration: Configuration) {
        let guided = configuration.session.duration
        _ = try? SessionTimeline.make(
            routine: Routine(name: "none", title: "Sleep sound only", summary: "", steps: []),
            settings: TimelineSettings(
                sampleRate: 8000, guided: guided, fadeOut: configuration.session.fadeOut, promptDuration: { _ in nil }))
        _ = DimmingPlan.make(configuration.dimming, guidedLength: guided, sessionLength: guided + configuration.session.fadeOut)
    }
}
