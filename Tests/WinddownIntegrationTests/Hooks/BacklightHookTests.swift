import Glibc
import Testing

extension Hooks {
    @Suite("backlight")
    struct Backlight {
        /// A sandbox with a fake sysfs: `sys/panel` (max 937, now at 937)
        /// and `sys/zz_other` (max 100), with BACKLIGHT_SYSFS in the env file.
        private func sandbox(_ settings: [String: String] = [:]) throws -> HookSandbox {
            let sandbox = try HookSandbox("backlight")
            for (device, max) in [("panel", "937"), ("zz_other", "100")] {
                try #require(mkdir(sandbox.folder.path + "/sys", 0o755) == 0 || errno == EEXIST)
                try #require(mkdir(sandbox.folder.path + "/sys/\(device)", 0o755) == 0)
                try sandbox.write(max + "\n", to: "sys/\(device)/max_brightness", mode: 0o444)
                try sandbox.write(max + "\n", to: "sys/\(device)/brightness")
            }
            try sandbox.writeSettings(settings.merging(["BACKLIGHT_SYSFS": sandbox.folder.path + "/sys"]) { $1 })
            return sandbox
        }

        private func brightness(_ sandbox: HookSandbox, _ device: String = "panel") -> String {
            readText(sandbox.folder.path + "/sys/\(device)/brightness").split(separator: "\n").first.map(String.init) ?? ""
        }

        @Test(
            "LEVEL percent of max_brightness, rounded, on the first device",
            arguments: [("40", "375"), ("100", "937"), ("1", "9"), ("55", "515")])
        func level(level: String, expected: String) async throws {
            let sandbox = try sandbox()
            defer { sandbox.remove() }
            let result = try await sandbox.run("backlight", ["step", level, "0"])
            #expect(result.exited(0), "\(result)")
            #expect(brightness(sandbox) == expected)
            #expect(brightness(sandbox, "zz_other") == "100", "the other device changed")
        }

        @Test("level 0 keeps the lowest step, 1; BACKLIGHT_ALLOW_OFF=1 writes 0")
        func levelZero() async throws {
            let sandbox = try sandbox()
            defer { sandbox.remove() }
            let kept = try await sandbox.run("backlight", ["end", "0", "0"])
            #expect(kept.exited(0), "\(kept)")
            #expect(brightness(sandbox) == "1")
            let off = try await sandbox.run("backlight", ["end", "0", "0"], environment: ["BACKLIGHT_ALLOW_OFF": "1"])
            #expect(off.exited(0), "\(off)")
            #expect(brightness(sandbox) == "0")
        }

        @Test("a long transition fades within BACKLIGHT_FADE_MAX, well inside the hook timeout, and ends at the level")
        func fade() async throws {
            let sandbox = try sandbox(["BACKLIGHT_FADE_MAX": "1"])
            defer { sandbox.remove() }
            let result = try await sandbox.run("backlight", ["step", "40", "60"])
            #expect(result.exited(0), "\(result)")
            #expect(result.seconds < 5, "took \(result.seconds) s")
            #expect(brightness(sandbox) == "375")
        }

        @Test("BACKLIGHT_DEVICE picks the device; a missing one exits 2, naming it and those there")
        func device() async throws {
            let sandbox = try sandbox()
            defer { sandbox.remove() }
            let chosen = try await sandbox.run("backlight", ["step", "40", "0"], environment: ["BACKLIGHT_DEVICE": "zz_other"])
            #expect(chosen.exited(0), "\(chosen)")
            #expect(brightness(sandbox, "zz_other") == "40" && brightness(sandbox) == "937")
            let missing = try await sandbox.run("backlight", ["step", "40", "0"], environment: ["BACKLIGHT_DEVICE": "nope"])
            #expect(missing.exited(2), "\(missing)")
            #expect(missing.stderr.contains("'nope'") && missing.stderr.contains("panel zz_other"), "\(missing)")
        }

        @Test("no device at all: exit 2 with a clear message")
        func noDevice() async throws {
            let sandbox = try HookSandbox("backlight")
            defer { sandbox.remove() }
            try sandbox.writeSettings(["BACKLIGHT_SYSFS": sandbox.folder.path + "/empty"])
            let result = try await sandbox.run("backlight", ["step", "40", "0"])
            #expect(result.exited(2) && result.stderr.contains("no backlight device"), "\(result)")
        }

        @Test("a brightness file it cannot write goes through brightnessctl when present, else exit 2")
        func brightnessctl() async throws {
            let sandbox = try sandbox()
            defer { sandbox.remove() }
            // Tests may run as root, who may write any file: a brightness
            // file that is not there stands for one that may not be written.
            try #require(unlink(sandbox.folder.path + "/sys/panel/brightness") == 0)
            try sandbox.linkBasicTools()
            let without = try await sandbox.run("backlight", ["step", "40", "0"], onlyStubsOnPath: true)
            #expect(without.exited(2) && without.stderr.contains("brightnessctl is not installed"), "\(without)")
            try sandbox.stub("brightnessctl")
            let with = try await sandbox.run("backlight", ["step", "40", "0"], onlyStubsOnPath: true)
            #expect(with.exited(0), "\(with)")
            #expect(sandbox.calls(of: "brightnessctl") == ["--quiet --device=panel set 375"])
        }
    }
}
