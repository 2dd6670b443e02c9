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
        /// The plan that was rendered, as `TimelineReport` lines.
        public var timeline: [String]
    }

    public var session: PreparedSession
    public var sampleRate: Int

    public init(session: PreparedSession, sampleRate: Int = 48_000) {
        self.session = session
        self.sampleRate = sampleRate
    }

    public func render(to path: String, logger: Logger) throws -> Summary {
        let sink = try WAVFileSink(path: path, sampleRate: sampleRate)
        let mix = try session.makeMix(sampleRate: sampleRate, realTime: false, logger: logger)
        // Big blocks: a 35-minute session is 400 MB of WAV, and each write is a system call.
        let blockFrames = 32_768
        var block = [Float](repeating: 0, count: 2 * blockFrames)
        while mix.mixer.position < mix.endFrame {
            // Offline, the prompts are made ready on this thread just before they are due.
            mix.stage.prepare(upToTimelineFrame: mix.mixer.timelineClock)
            let frames = Int(min(Int64(blockFrames), mix.endFrame - mix.mixer.position))
            try block.withUnsafeMutableBufferPointer { block in
                mix.mixer.render(into: block.baseAddress!, frameCount: frames)
                try sink.write(block.baseAddress!, frames: frames)
            }
            _ = mix.mixer.takeRetired()
        }
        try sink.finish()
        return Summary(frames: mix.mixer.position, sampleRate: sampleRate, timeline: TimelineReport.lines(for: mix.timeline))
    }
}
