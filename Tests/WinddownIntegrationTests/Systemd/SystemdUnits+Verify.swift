import Foundation
import Testing

extension SystemdUnits {
    @Suite("systemd-analyze verify")
    struct VerifyTests {
        /// `verify` exits 0 on an unknown key or a value it cannot parse (it
        /// only logs and ignores them), so clean means: exit 0 and not a line said.
        @Test("the system service and socket verify clean", .timeLimit(.minutes(1)))
        func systemUnits() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["verify", "--man=no", units.systemService.path, units.systemSocket.path])
            #expect(result.exitedCleanly && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
        }

        @Test("the Home Assistant bridge's unit verifies clean and starts PREFIX/bin/winddown-mqtt", .timeLimit(.minutes(1)))
        func bridgeUnit() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["verify", "--man=no", units.mqttService.path])
            #expect(result.exitedCleanly && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
            let start = try InstalledUnits.setting("ExecStart", in: units.mqttService)
            #expect(start?.hasPrefix(units.prefix.appendingPathComponent("bin/winddown-mqtt").path + " ") == true, "\(start ?? "none")")
        }

        @Test("the web page's unit verifies clean, starts PREFIX/bin/winddown-web and may write only the state folder", .timeLimit(.minutes(1)))
        func webUnit() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["verify", "--man=no", units.webService.path])
            #expect(result.exitedCleanly && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
            let start = try InstalledUnits.setting("ExecStart", in: units.webService)
            #expect(start?.hasPrefix(units.prefix.appendingPathComponent("bin/winddown-web").path + " ") == true, "\(start ?? "none")")
            #expect(try InstalledUnits.setting("StateDirectory", in: units.webService) == "winddown")
            #expect(try InstalledUnits.setting("ProtectSystem", in: units.webService) == "strict")
        }

        @Test("the desktop bridge's user unit verifies clean and D-Bus activation names it", .timeLimit(.minutes(1)))
        func mprisUnit() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["verify", "--user", "--man=no", units.mprisService.path], user: true)
            #expect(result.exitedCleanly && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
            let binary = units.prefix.appendingPathComponent("bin/winddown-mpris").path
            #expect(try InstalledUnits.setting("ExecStart", in: units.mprisService) == binary)
            #expect(try InstalledUnits.setting("BusName", in: units.mprisService) == "org.mpris.MediaPlayer2.winddown")
            // The activation file: the same name, the same program, and the unit that runs it.
            #expect(try InstalledUnits.setting("Name", in: units.mprisActivation) == "org.mpris.MediaPlayer2.winddown")
            #expect(try InstalledUnits.setting("Exec", in: units.mprisActivation) == binary)
            #expect(try InstalledUnits.setting("SystemdService", in: units.mprisActivation) == "winddown-mpris.service")
        }

        @Test("the user service and socket verify clean with --user", .timeLimit(.minutes(1)))
        func userUnits() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(
                ["verify", "--user", "--man=no", units.userService.path, units.userSocket.path], user: true)
            #expect(result.exitedCleanly && result.stdout.isEmpty && result.stderr.isEmpty, "\(result)")
        }

        @Test("installed units keep no @placeholder@ and start PREFIX/bin/winddownd", .timeLimit(.minutes(1)))
        func substituted() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            for unit in [units.systemService, units.userService] {
                let start = try InstalledUnits.setting("ExecStart", in: unit)
                #expect(start == units.prefix.appendingPathComponent("bin/winddownd").path, "\(unit.path): ExecStart=\(start ?? "none")")
            }
            for unit in [units.systemService, units.systemSocket, units.userService, units.userSocket] {
                let text = try String(contentsOf: unit, encoding: .utf8)
                #expect(text.range(of: "@[a-z]+@", options: .regularExpression) == nil, "\(unit.path) keeps a placeholder")
            }
        }
    }
}
