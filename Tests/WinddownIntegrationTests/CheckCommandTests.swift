import Foundation
import Testing

extension EndToEnd {
    @Suite("check-config and check-audio")
    struct CheckCommandTests {
        @Test("check-config: three mistakes give three FILE:LINE: KEY: message lines and exit 1")
        func threeProblems() async throws {
            let dir = try TemporaryDirectory("check")
            defer { dir.remove() }
            let fixture = Paths.fixture("three-problems.toml")
            let text = try String(contentsOf: fixture, encoding: .utf8)
            let expected: [(key: String, line: Int)] = [
                ("session.duration", try line(startingWith: "duration =", in: text)),
                ("audio.volume", try line(startingWith: "volume =", in: text)),
                ("audio.speakers", try line(startingWith: "speakers =", in: text)),
            ]
            let result = try await run(try Paths.daemon(), ["check-config", "--config", fixture.path], logsIn: dir.url, timeout: .seconds(20))
            #expect(!result.timedOut && !result.signalled && result.status == 1, "want exit 1: \(result)")
            let lines = result.stdoutLines
            #expect(lines.count == 3, "want 3 problem lines, got \(lines.count): \(result)")
            for (key, number) in expected {
                let prefix = "\(fixture.path):\(number): \(key): "
                let match = lines.first { $0.hasPrefix(prefix) }
                #expect(match != nil && match!.count > prefix.count, "no line \"\(prefix)<message>\" in:\n\(result.stdout)")
            }
        }

        @Test("check-config: a valid file prints ok and exits 0")
        func validFile() async throws {
            let dir = try TemporaryDirectory("check")
            defer { dir.remove() }
            let result = try await run(
                try Paths.daemon(), ["check-config", "--config", Paths.fixture("valid.toml").path], logsIn: dir.url,
                timeout: .seconds(20))
            #expect(result.exitedCleanly, "\(result)")
            #expect(result.stdoutLines == ["ok"], "\(result)")
        }

        @Test("check-audio: a device that does not exist exits 2 and names it")
        func bogusDevice() async throws {
            let dir = try TemporaryDirectory("check")
            defer { dir.remove() }
            let config = try dir.write("", to: "empty.toml")
            let device = "winddown_no_such_pcm_\(getpid())"
            let result = try await run(
                try Paths.daemon(), ["check-audio", "--config", config.path, "--device", device], logsIn: dir.url, timeout: .seconds(20))
            #expect(!result.timedOut && !result.signalled && result.status == 2, "want exit 2: \(result)")
            #expect(result.stdout.contains("\"\(device)\""), "the message does not name the device: \(result)")
        }

        @Test("check-audio: the capture device opens as S32_LE 48000 Hz, exit 0")
        func captureDevice() async throws {
            let dir = try TemporaryDirectory("check")
            defer { dir.remove() }
            let config = try dir.write("", to: "empty.toml")
            let result = try await run(
                try Paths.daemon(),
                ["check-audio", "--config", config.path, "--device", Paths.captureDevice(dir.file("probe.wav"))],
                environment: ["ALSA_CONFIG_PATH": Paths.captureALSAConfig.path], logsIn: dir.url, timeout: .seconds(20))
            #expect(result.exitedCleanly, "\(result)")
            #expect(result.stdout.contains("S32_LE") && result.stdout.contains("48000"), "want S32_LE at 48000 Hz: \(result)")
        }

        private struct MissingLine: Error, CustomStringConvertible {
            let prefix: String
            var description: String { "the fixture has no line starting with \"\(prefix)\"" }
        }

        /// The 1-based number of the first line whose text starts with `prefix`.
        private func line(startingWith prefix: String, in text: String) throws -> Int {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }) else {
                throw MissingLine(prefix: prefix)
            }
            return index + 1
        }
    }
}
