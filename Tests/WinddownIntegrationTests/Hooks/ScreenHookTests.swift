import Testing

extension Hooks {
    /// The display tools are stubs on a PATH of stubs and basic tools only,
    /// so a real gammastep or redshift on the test machine is never run.
    @Suite("screen")
    struct Screen {
        /// A stub that records its arguments and the display it was given.
        private static let recordDisplay = #"printf 'DISPLAY=%s XAUTHORITY=%s\n' "${DISPLAY:-}" "${XAUTHORITY:-}" >> "$0.env""#

        private func sandbox(tools: [String], display: Bool = true) throws -> HookSandbox {
            let sandbox = try HookSandbox("screen")
            try sandbox.linkBasicTools()
            for tool in tools { try sandbox.stub(tool, then: Self.recordDisplay) }
            try sandbox.writeSettings(display ? ["DISPLAY": ":0", "XAUTHORITY": "'/home/me/.Xauthority'"] : [:])
            return sandbox
        }

        @Test(
            "gammastep -P -O TEMP -b BRIGHTNESS: 2700 K to 6500 K and 0.1 to 1.0 with the level",
            arguments: [
                ("100", "-P -O 6500 -b 1.00"),
                ("40", "-P -O 4220 -b 0.46"),
                ("0", "-P -O 2700 -b 0.10"),
            ])
        func gammastep(level: String, expected: String) async throws {
            let sandbox = try sandbox(tools: ["gammastep", "redshift"])
            defer { sandbox.remove() }
            let result = try await sandbox.run("screen", ["step", level, "60"], onlyStubsOnPath: true)
            #expect(result.exited(0), "\(result)")
            #expect(sandbox.calls(of: "gammastep") == [expected])
            #expect(sandbox.calls(of: "redshift").isEmpty)
            #expect(readText(sandbox.bin + "/gammastep.env") == "DISPLAY=:0 XAUTHORITY=/home/me/.Xauthority\n")
        }

        @Test("redshift when gammastep is absent; the temperatures and the floor are settings")
        func redshift() async throws {
            let sandbox = try sandbox(tools: ["redshift"])
            defer { sandbox.remove() }
            let result = try await sandbox.run(
                "screen", ["end", "0", "0"], environment: ["SCREEN_NIGHT_TEMP": "2000", "SCREEN_MIN_BRIGHTNESS": "0.3"],
                onlyStubsOnPath: true)
            #expect(result.exited(0), "\(result)")
            #expect(sandbox.calls(of: "redshift") == ["-P -O 2000 -b 0.30"])
        }

        @Test("abort stays put, or resets with -x (after -m METHOD) when SCREEN_RESTORE=1")
        func abort() async throws {
            let sandbox = try sandbox(tools: ["gammastep"])
            defer { sandbox.remove() }
            let stay = try await sandbox.run("screen", ["abort", "40", "0"], onlyStubsOnPath: true)
            let reset = try await sandbox.run("screen", ["abort", "40", "0"], environment: ["SCREEN_RESTORE": "1"], onlyStubsOnPath: true)
            let method = try await sandbox.run(
                "screen", ["abort", "40", "0"], environment: ["SCREEN_RESTORE": "1", "SCREEN_METHOD": "randr"], onlyStubsOnPath: true)
            #expect(stay.exited(0) && reset.exited(0) && method.exited(0), "\(stay)\n\(reset)\n\(method)")
            #expect(sandbox.calls(of: "gammastep") == ["-P -O 4220 -b 0.46", "-x", "-m randr -x"])
        }

        @Test("neither gammastep nor redshift: exit 2 saying so")
        func noTool() async throws {
            let sandbox = try sandbox(tools: [])
            defer { sandbox.remove() }
            let result = try await sandbox.run("screen", ["step", "40", "60"], onlyStubsOnPath: true)
            #expect(result.exited(2) && result.stderr.contains("neither gammastep nor redshift"), "\(result)")
        }

        @Test("no DISPLAY or WAYLAND_DISPLAY: exit 2 saying where to set it")
        func noDisplay() async throws {
            let sandbox = try sandbox(tools: ["gammastep"], display: false)
            defer { sandbox.remove() }
            let result = try await sandbox.run("screen", ["step", "40", "60"], onlyStubsOnPath: true)
            #expect(result.exited(2), "\(result)")
            #expect(result.stderr.contains("DISPLAY") && result.stderr.contains(sandbox.envFile), "\(result)")
            #expect(sandbox.calls(of: "gammastep").isEmpty)
        }
    }
}
