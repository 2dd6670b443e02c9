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
    public var settings: SessionAudioSettings
    public var seed: UInt64
    public static let stopFadeSeconds = 3.0

    /// - Parameter seed: varies the generated sounds; nil picks one from the clock.
    public init(settings: SessionAudioSettings, seed: UInt64? = nil) {
        self.settings = settings
        self.seed = seed ?? UInt64(truncatingIfNeeded: time(nil))
    }

    /// Plays to the end (or until a signal); returns the seconds heard.
    public func play(logger: Logger) throws -> Double {
        let sound = try PlayableSleepSound.resolve(settings.sound)
        let sink = ALSASink(device: settings.device)
        // Open once here to learn the device's rate; the engine reopens if this fails.
        var sampleRate = sink.request.sampleRate
        do {
            sampleRate = try sink.open().sampleRate
            sink.close()
        } catch {
            logger.warning("cannot open ALSA device \"\(settings.device)\" yet: \(error); mixing at \(sampleRate) Hz")
        }
        let mix = SessionMix.make(settings: settings, sound: sound, sampleRate: sampleRate, seed: seed, realTime: true, logger: logger)
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
        engine.waitUntilFinished()
        signals.forEach { $0.cancel() }
        return Double(engine.playedFrames) / Double(sampleRate)
    }
}
