import Clocks
public import Logging
import WinddownAudio
#if canImport(Glibc)
    import Glibc
#endif

/// `winddownd play`: one session through the ALSA device, in the
/// foreground, in real time (or `speed` times faster). SIGINT, SIGTERM,
/// SIGQUIT or SIGHUP fades out over three seconds and ends.
public struct SessionPlayer {
    public var session: PreparedSession
    public var speed: Int
    public static let stopFadeSeconds = 3.0

    public init(session: PreparedSession, speed: Int = 1) {
        self.session = session
        self.speed = speed
    }

    /// Plays to the end (or until a signal); returns the session seconds played.
    public func play(logger: Logger) async throws -> Double {
        let running = try RunningSession.start(session, speed: speed, logger: logger)
        let engine = running.engine
        try SignalPipe.listen { signo in
            switch signo {
            // SIGHUP too: closing the terminal ends a session played from it.
            case SIGTERM, SIGINT, SIGQUIT, SIGHUP:
                logger.notice("signal \(signo): fading out")
                engine.stop(fadeSeconds: Self.stopFadeSeconds)
            default:
                break
            }
        }
        // Keep the prompts a few seconds ahead of the timeline, twice a second.
        while !engine.isFinished {
            running.stage.prepare(upToTimelineFrame: engine.timelineFrames)
            try? await Task.sleep(for: .milliseconds(500))
        }
        engine.waitUntilFinished()
        logger.info("\(running.stage.summary)")
        if running.stage.latePrompts > 0 {
            logger.warning("\(running.stage.latePrompts) prompt(s) were not ready in time and were left out")
        }
        return Double(engine.playedFrames) / running.rate
    }
}
