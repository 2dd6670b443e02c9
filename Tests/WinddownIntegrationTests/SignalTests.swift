import Foundation
import Testing

extension EndToEnd {
    @Suite("SIGTERM while playing")
    struct SignalTests {
        /// Bytes per second of the capture: S32 stereo at 48 kHz.
        static let captureBytesPerSecond = 48_000 * 2 * 4

        @Test("SIGTERM mid-session: exit 0 within 5 s, the log says it fades out, and the sound fades to silence instead of stopping dead")
        func sigtermFadesOut() async throws {
            let dir = try TemporaryDirectory("sigterm")
            defer { dir.remove() }
            let capture = dir.file("played.wav")
            let config = try dir.write("[audio]\nsound = \"brown\"\nvolume = 20\n", to: "brown.toml")
            // A one-hour session on the capture device, which runs faster than
            // real time: the signal lands well inside its steady part.
            let daemon = try LaunchedProcess(
                try Paths.daemon(),
                ["play", "--routine", "none", "--config", config.path, "--device", Paths.captureDevice(capture), "--duration", "60m", "--fade-out", "20m"],
                environment: ["ALSA_CONFIG_PATH": Paths.captureALSAConfig.path], logsIn: dir.url, name: "winddownd-play")
            do {
                try await signalAndCheck(daemon, capture: capture)
            } catch {
                await daemon.terminate()
                throw error
            }
            await daemon.terminate()
        }

        private func signalAndCheck(_ daemon: LaunchedProcess, capture: URL) async throws {
            // Wait until 12 s of the session (past the 8 s rise) have been played.
            let enough = 44 + 12 * Self.captureBytesPerSecond
            let deadline = ContinuousClock.now + .seconds(30)
            while daemon.isRunning, fileSize(capture) < enough, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            if !daemon.isRunning {
                let result = await daemon.finish(timeout: .seconds(1))
                Issue.record("the one-hour session ended on its own: \(result)")
                return
            }
            try #require(fileSize(capture) >= enough, "only \(fileSize(capture)) bytes captured after 30 s")

            let signalled = ContinuousClock.now
            daemon.send(SIGTERM)
            let ended = await daemon.waitForExit(timeout: .seconds(5))
            let took = (ContinuousClock.now - signalled).seconds
            let result = await daemon.finish(timeout: .seconds(1))
            #expect(ended, "still running 5 s after SIGTERM: \(result)")
            #expect(result.exitedCleanly, "\(result)")
            #expect(result.stderr.lowercased().contains("fading out"), "the log does not say it fades out: \(result)")
            print("SIGTERM: exited \(format(took)) s after the signal")

            let played = try AudioClip(contentsOf: capture)
            let end = played.seconds
            try #require(end > 15, "captured only \(format(end)) s")
            // The stop fade is 3 s of session time and ends the recording.
            let before = played.rms(end - 5, end - 3.5)
            let fade = played.windows(of: 0.25, from: end - 3, to: end)
            let rises = zip(fade, fade.dropFirst()).filter { decibels($1.rms) > decibels($0.rms) + SessionShape.wobbleDecibels }
            #expect(decibels(before) > -40, "before the signal the sound was already quiet: \(format(decibels(before), 1)) dBFS")
            #expect(rises.isEmpty, "the stop fade rises: \(rises.map { "\($0)→\($1)" }); all: \(fade)")
            // A fade, not a cut: still near full level as it starts…
            let fadeStart = played.rms(end - 3, end - 2.75)
            #expect(decibels(fadeStart) > decibels(before) - 12,
                "the sound is already \(format(decibels(before) - decibels(fadeStart), 1)) dB down 3 s before the end: cut, not faded? \(fade)")
            // …and silent at the very end.
            let lastPeak = played.peak(end - 0.2, end)
            #expect(lastPeak < SessionShape.silentPeak, "the last 0.2 s peak at \(lastPeak) (\(format(decibels(lastPeak), 1)) dBFS): a cut, not a fade; \(fade)")
        }

        private func fileSize(_ url: URL) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
        }
    }
}
