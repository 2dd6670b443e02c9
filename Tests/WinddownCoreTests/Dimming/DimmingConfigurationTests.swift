import Testing
import WinddownCore

@Suite("Dimming: the [dimming] keys")
struct DimmingConfigurationTests {
    @Test("offset and curve default to 0s and perceptual, and parse")
    func newKeys() throws {
        #expect(Configuration.defaults.dimming.offset == .zero)
        #expect(Configuration.defaults.dimming.curve == .perceptual)
        let config = try Configuration.parse("[dimming]\noffset = \"5m\"\ncurve = \"linear\"\n", file: "test.toml")
        #expect(config.dimming.offset == .seconds(300))
        #expect(config.dimming.curve == .linear)
    }

    static let rejected: [ProblemCase] = [
        .init("[dimming]\ncurve = \"log\"\n", "dimming.curve", line: 2, "\"log\" is not a curve; use \"linear\" or \"perceptual\""),
        .init("[dimming]\ncurve = 1\n", "dimming.curve", line: 2, "expected a string like \"perceptual\", found integer 1"),
        .init("[dimming]\noffset = 30\n", "dimming.offset", line: 2, "expected a string like \"0s\", found integer 30"),
        .init("[dimming]\noffset = \"-1m\"\n", "dimming.offset", line: 2, "\"-1m\": negative durations are not allowed"),
        .init("[dimming]\noffset = \"5h\"\n", "dimming.offset", line: 2, "must be from 0s to 4h, found 5h"),
        .init("[dimming]\ncurv = \"linear\"\n", "dimming.curv", line: 2, "unknown key; did you mean `dimming.curve`?"),
        .init(
            "[dimming]\nfrom = 20\nto = 40\n", "dimming.to", line: 3,
            "40 is above dimming.from (20); the lights only ever dim, never brighten"),
    ]

    @Test("wrong values are errors that name the key", arguments: rejected)
    func rejectedValues(_ example: ProblemCase) {
        #expect(
            problems(in: example.toml)
                == [ConfigurationProblem(file: "test.toml", key: example.key, line: example.line, message: example.message)])
    }
}
