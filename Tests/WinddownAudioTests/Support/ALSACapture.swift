import Foundation
import Logging
@testable import WinddownAudio

/// Plays a mix through real alsa-lib into the test PCM of Tests/alsa/capture.conf
/// (the `file` plugin over `null`) and reads back exactly what was played.
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

    /// Plays `mixer` until `endFrame` on the capture device through the real
    /// engine and returns the recorded stereo samples and their rate.
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
