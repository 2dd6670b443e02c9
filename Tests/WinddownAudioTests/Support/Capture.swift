import Foundation
import Logging
@testable import WinddownAudio

/// Plays a mix through the real engine loop into memory, on a manual clock:
/// what came out, sample by sample, with no alsa-lib in between.
enum EngineCapture {
    /// Plays `mixer` until `endFrame` and returns the samples and their rate;
    /// `roomSeconds` beyond the end are kept for sessions that holds lengthen.
    static func play(
        _ mixer: sending Mixer, endFrame: Int64, roomSeconds: Int = 20, pacing: Pacing = Pacing(),
        clock: ManualClock = ManualClock()
    ) throws -> (samples: [Float], sampleRate: Int) {
        let rate = Int(mixer.sampleRate)
        let sink = CaptureSink(sampleRate: rate, capacityFrames: Int(endFrame) + roomSeconds * rate)
        let buffer = sink.buffer
        let engine = try PlaybackEngine(
            mixer: mixer, sink: sink, endFrame: endFrame, clock: clock, pacing: pacing, logger: Logger(label: "test"))
        engine.waitUntilFinished()
        return (buffer.samples, rate)
    }
}

/// The same through real alsa-lib, into the test PCM of Tests/alsa/capture.conf
/// (the `file` plugin over `null`), in real time: one test keeps the real sink honest.
enum ALSACapture {
    static let configPath: String = {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return tests.appendingPathComponent("alsa/capture.conf").path
    }()

    static func device(recordingTo path: String) -> String {
        // alsa-lib reads ALSA_CONFIG_PATH whenever it refreshes its configuration.
        setenv("ALSA_CONFIG_PATH", configPath, 1)
        return "winddown_capture:FILE=\(path)"
    }

    static func play(_ mixer: sending Mixer, endFrame: Int64) throws -> (samples: [Float], sampleRate: Int) {
        let file = TestFiles.temporaryDirectory() + "/capture.wav"
        let sink = ALSASink(device: device(recordingTo: file))
        let engine = try PlaybackEngine(mixer: mixer, sink: sink, endFrame: endFrame, logger: Logger(label: "test"))
        engine.waitUntilFinished()
        let captured = try TestFiles.read(file)
        precondition(captured.channels == 2)
        return (captured.samples, captured.sampleRate)
    }
}
