public import Logging
import SndFile
import WinddownAudio

/// `winddownd render`: the same mix a session plays, run through the same
/// engine loop into a WAV file as fast as the CPU allows. No device, no socket.
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

    /// The rate a render is made at, and a plan laid out at.
    public static let defaultSampleRate = 48_000

    public init(session: PreparedSession, sampleRate: Int = defaultSampleRate) {
        self.session = session
        self.sampleRate = sampleRate
    }

    public func render(to path: String, logger: Logger) throws -> Summary {
        let sink = try WAVFileSink(path: path, sampleRate: sampleRate)
        let mix = try session.makeMix(sampleRate: sampleRate, realTime: false, logger: logger)
        let stage = mix.stage
        // Offline, the prompts are made ready on this thread just before they are due.
        let frames = try PlaybackEngine.render(mixer: mix.mixer, into: sink, endFrame: mix.endFrame) { mixer in
            stage.prepare(upToTimelineFrame: mixer.timelineClock)
        }
        return Summary(frames: frames, sampleRate: sampleRate, timeline: TimelineReport.lines(for: mix.timeline, dimming: session.dimming))
    }
}
