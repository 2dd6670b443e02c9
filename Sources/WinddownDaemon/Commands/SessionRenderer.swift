public import Logging
import SndFile
import WinddownAudio

/// `winddownd render`: the same mix a session plays, written to a WAV file
/// as fast as the CPU allows. No device, no socket.
public struct SessionRenderer {
    public struct Summary: Sendable {
        public var frames: Int64
        public var sampleRate: Int
        public var seconds: Double { Double(frames) / Double(sampleRate) }
    }

    public var settings: SessionAudioSettings
    public var sampleRate: Int
    public var seed: UInt64

    public init(settings: SessionAudioSettings, sampleRate: Int = 48_000, seed: UInt64 = 1) {
        self.settings = settings
        self.sampleRate = sampleRate
        self.seed = seed
    }

    public func render(to path: String, logger: Logger) throws -> Summary {
        let sound = try PlayableSleepSound.resolve(settings.sound)
        let sink = try WAVFileSink(path: path, sampleRate: sampleRate)
        let mix = SessionMix.make(settings: settings, sound: sound, sampleRate: sampleRate, seed: seed, realTime: false, logger: logger)
        let blockFrames = 4096
        var block = [Float](repeating: 0, count: 2 * blockFrames)
        while mix.mixer.position < mix.endFrame {
            let frames = Int(min(Int64(blockFrames), mix.endFrame - mix.mixer.position))
            try block.withUnsafeMutableBufferPointer { block in
                mix.mixer.render(into: block.baseAddress!, frameCount: frames)
                try sink.write(block.baseAddress!, frames: frames)
            }
        }
        try sink.finish()
        return Summary(frames: mix.mixer.position, sampleRate: sampleRate)
    }
}
