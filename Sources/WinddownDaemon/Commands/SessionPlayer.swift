import ALSA
import Dispatch
public import Logging
import WinddownAudio
#if canImport(Glibc)
    import Glibc
#endif

/// `winddownd play`: one session through the ALSA device, in the
/// foreground. SIGINT or SIGTERM fades out over three seconds and ends.
public struct SessionPlayer {
    public var session: PreparedSession
    public static let stopFadeSeconds = 3.0

    public init(session: PreparedSession) { self.session = session }

    /// Plays to the end (or until a signal); returns the seconds heard.
    public func play(logger: Logger) async throws -> Double {
        let sink = ALSASink(device: session.audio.device)
        // Open once here to learn the device's rate; the engine reopens if this fails.
        var sampleRate = sink.request.sampleRate
        do {
            sampleRate = try sink.open().sampleRate
            sink.close()
        } catch {
            logger.warning("cannot open ALSA device \"\(session.audio.device)\" yet: \(error); mixing at \(sampleRate) Hz")
        }
        let mix = try session.makeMix(sampleRate: sampleRate, realTime: true, logger: logger)
        let stage = mix.stage
        stage.prepare(upToTimelineFrame: 0)
        let engine = PlaybackEngine(mixer: mix.mixer, sink: sink, endFrame: mix.endFrame, logger: logger)

        let signals = [SIGINT, SIGTERM].map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                logger.notice("signal \(signo): fading out")
                engine.stop(fadeSeconds: Self.stopFadeSeconds)
            }
            source.resume()
            return source
        }
        // Keep the prompts a few seconds ahead of the timeline, twice a second.
        while !engine.isFinished {
            stage.prepare(upToTimelineFrame: engine.timelineFrames)
            try? await Task.sleep(for: .milliseconds(500))
        }
        engine.waitUntilFinished()
        signals.forEach { $0.cancel() }
        if stage.latePrompts > 0 { logger.warning("\(stage.latePrompts) prompt(s) were not ready in time and were left out") }
        return Double(engine.playedFrames) / Double(sampleRate)
    }
}
