import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play one session now through the ALSA device, in the foreground (Ctrl-C fades out).")

        @OptionGroup var options: CommonOptions

        @Option(help: "Length of the guided part, e.g. 15m (overrides session.duration).", transform: parseDuration)
        var duration: Duration?

        @Option(name: .customLong("fade-out"), help: "Length of the fading tail, e.g. 20m (overrides session.fade_out).",
            transform: parseDuration)
        var fadeOut: Duration?

        @Option(help: "ALSA PCM to play on (overrides audio.device).")
        var device: String?

        func run() throws {
            let logger = options.makeLogger(label: "winddownd.play")
            var configuration = try options.loadConfiguration()
            if let duration { configuration.session.duration = duration }
            if let fadeOut { configuration.session.fadeOut = fadeOut }
            if let device { configuration.audio.device = device }
            let heard = try SessionPlayer(settings: SessionAudioSettings(configuration: configuration)).play(logger: logger)
            logger.info("session over after \(Int(heard)) s")
        }
    }
}
