import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play one session now through the ALSA device, in the foreground (Ctrl-C fades out).")

        @OptionGroup var options: CommonOptions
        @OptionGroup var session: SessionOptions
        @OptionGroup var sound: SoundOption
        @OptionGroup var pace: SpeedOption

        @Option(help: "ALSA PCM to play on (overrides audio.device).")
        var device: String?

        func run() throws {
            BrokenPipes.ignore()
            let logger = options.makeLogger(label: "winddownd.play")
            var configuration = try sound.apply(to: session.apply(to: options.loadConfiguration()))
            if let device { configuration.audio.device = device }
            let finalConfiguration = configuration
            let speed = pace.speed
            let historyFolder = options.stateDir
            let heard = try blockingAwait {
                let prepared = try await PreparedSession.prepare(
                    configuration: finalConfiguration, seed: UInt64.random(in: 1...UInt64.max),
                    cautionHeard: HistoryLog.cautionHeard(inFolder: StateDirectory.path(flag: historyFolder)), logger: logger)
                return try await SessionPlayer(session: prepared, speed: speed).play(logger: logger)
            }
            logger.info("session over after \(Int(heard)) s")
        }
    }
}
