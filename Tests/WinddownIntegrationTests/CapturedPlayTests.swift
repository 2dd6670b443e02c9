import Foundation
import Testing

extension EndToEnd {
    @Suite("play through the captured ALSA device")
    struct CapturedPlayTests {
        @Test("play --duration 10s --fade-out 3s: exit 0, 13 s at 48 kHz captured in real time, same shape as render")
        func shortSession() async throws {
            let dir = try TemporaryDirectory("play")
            defer { dir.remove() }
            let capture = dir.file("played.wav")
            let config = try dir.write("[audio]\nsound = \"brown\"\nvolume = 20\nmax_volume = 50\n", to: "brown.toml")
            let result = try await run(
                try Paths.daemon(),
                ["play", "--routine", "none", "--config", config.path, "--device", Paths.captureDevice(capture), "--duration", "10s", "--fade-out", "3s"],
                environment: ["ALSA_CONFIG_PATH": Paths.captureALSAConfig.path], logsIn: dir.url, timeout: .seconds(30))
            try #require(result.exitedCleanly, "\(result)")
            // The null device under the capture never waits, but the session keeps the clock's time.
            #expect(result.seconds >= 13, "a 13 s session took \(format(result.seconds)) s of wall time")
            #expect(result.stderr.contains("playing on ALSA device"), "\(result)")

            let played = try AudioClip(contentsOf: capture)
            #expect(played.sampleRate == 48_000 && played.channels == 2, "captured \(played.sampleRate) Hz \(played.channels) ch (\(played.format))")
            #expect(abs(played.frameCount - 13 * 48_000) <= 1, "captured \(played.frameCount) frames (\(format(played.seconds, 4)) s), want 624000 ±1")
            // The rise is at most half the session (4 s of the 8 s here), then
            // steady to the end of the guided part at 5 s, then a 3 s tail.
            let shape = SessionShape(
                riseEnd: 8, tailStart: 10, end: 13, ceiling: 0.5, lsb: 1.0 / 2_147_483_648, steadyWindow: 0.5, tailWindow: 0.5)
            shape.check(played, "captured play")
        }
    }
}
