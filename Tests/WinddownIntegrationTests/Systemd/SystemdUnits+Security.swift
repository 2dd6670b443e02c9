import Foundation
import Testing

extension SystemdUnits {
    @Suite("systemd-analyze security --offline=true")
    struct SecurityTests {
        /// Issue 5: 2.0 or lower for the system service (mpd.service: 7.5).
        static let ceiling = 2.0

        @Test("the system service's exposure is at most 2.0", .timeLimit(.minutes(1)))
        func systemService() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["security", "--offline=true", "--no-pager", units.systemService.path])
            let score = try #require(Self.overallExposure(result.stdout), "no overall exposure line: \(result)")
            #expect(score <= Self.ceiling, "exposure \(score) > \(Self.ceiling):\n\(Self.openItems(result.stdout))")
        }

        @Test("the Home Assistant bridge's exposure is at most 2.5, with only the network families it needs", .timeLimit(.minutes(1)))
        func bridgeService() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["security", "--offline=true", "--no-pager", units.mqttService.path])
            let score = try #require(Self.overallExposure(result.stdout), "no overall exposure line: \(result)")
            #expect(score <= 2.5, "exposure \(score) > 2.5:\n\(Self.openItems(result.stdout))")
            #expect(try InstalledUnits.setting("RestrictAddressFamilies", in: units.mqttService) == "AF_UNIX AF_INET AF_INET6")
        }

        @Test("the web page's exposure is at most 2.5, with only the network families it needs", .timeLimit(.minutes(1)))
        func webService() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(["security", "--offline=true", "--no-pager", units.webService.path])
            let score = try #require(Self.overallExposure(result.stdout), "no overall exposure line: \(result)")
            #expect(score <= 2.5, "exposure \(score) > 2.5:\n\(Self.openItems(result.stdout))")
            #expect(try InstalledUnits.setting("RestrictAddressFamilies", in: units.webService) == "AF_UNIX AF_INET AF_INET6")
            print("winddown-web.service: exposure \(score)")
        }

        @Test("the user service's exposure is at most 2.0 with --user", .timeLimit(.minutes(1)))
        func userService() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(
                ["security", "--user", "--offline=true", "--no-pager", units.userService.path], user: true)
            let score = try #require(Self.overallExposure(result.stdout), "no overall exposure line: \(result)")
            #expect(score <= Self.ceiling, "exposure \(score) > \(Self.ceiling):\n\(Self.openItems(result.stdout))")
        }

        @Test("the desktop bridge's exposure is at most 2.0 with --user, and it may open only Unix sockets", .timeLimit(.minutes(1)))
        func mprisService() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let result = try await units.analyze(
                ["security", "--user", "--offline=true", "--no-pager", units.mprisService.path], user: true)
            let score = try #require(Self.overallExposure(result.stdout), "no overall exposure line: \(result)")
            print("winddown-mpris.service: exposure \(score)")
            #expect(score <= Self.ceiling, "exposure \(score) > \(Self.ceiling):\n\(Self.openItems(result.stdout))")
            #expect(try InstalledUnits.setting("RestrictAddressFamilies", in: units.mprisService) == "AF_UNIX")
        }

        @Test(
            "the exposure is read from the last line",
            arguments: [
                ("→ Overall exposure level for winddownd.service: 1.4 OK 🙂\n", 1.4),
                ("x\n→ Overall exposure level for mpd.service: 7.5 EXPOSED 🙁\n", 7.5),
                ("Unit winddownd.service has a bad unit file setting.\n", nil),
            ] as [(String, Double?)])
        func parsing(output: String, expected: Double?) {
            #expect(Self.overallExposure(output) == expected)
        }

        /// X.X from "→ Overall exposure level for UNIT: X.X OK 🙂".
        static func overallExposure(_ output: String) -> Double? {
            guard let line = output.split(separator: "\n").last(where: { $0.contains("Overall exposure level for") }),
                let colon = line.lastIndex(of: ":")
            else { return nil }
            return line[line.index(after: colon)...].split(separator: " ").first.flatMap { Double($0) }
        }

        /// The ✗ lines: what is still open, for a failure message.
        static func openItems(_ output: String) -> String {
            output.split(separator: "\n").filter { $0.hasPrefix("✗") }.joined(separator: "\n")
        }
    }
}
