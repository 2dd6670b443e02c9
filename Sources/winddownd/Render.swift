import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render one whole session to a WAV file, as fast as the CPU allows (no device, no socket).")

        @OptionGroup var options: CommonOptions

        @Option(help: "The WAV file to write.")
        var output: String

        @Option(help: "Routine name or file (overrides session.routine).")
        var routine: String?

        @Option(help: "Length of the guided part, e.g. 15m (overrides session.duration).", transform: parseDuration)
        var duration: Duration?

        @Option(
            name: .customLong("fade-out"), help: "Length of the fading tail, e.g. 20m (overrides session.fade_out).",
            transform: parseDuration)
        var fadeOut: Duration?

        @Option(help: "Seed for the generated sounds, for repeatable renders.")
        var seed: UInt64 = 1

        func run() throws {
            let logger = options.makeLogger(label: "winddownd.render")
            var configuration = try options.loadConfiguration()
            if let duration { configuration.session.duration = duration }
            if let fadeOut { configuration.session.fadeOut = fadeOut }
            if let routine {
                guard let reference = RoutineReference(parsing: routine) else {
                    throw ValidationError("--routine: \"\(routine)\" is not a routine name or path")
                }
                configuration.session.routine = reference
            }
            let renderer = SessionRenderer(settings: SessionAudioSettings(configuration: configuration), seed: seed)
            let summary = try renderer.render(to: output, logger: logger)
            logger.info("wrote \(output): \(summary.seconds) s at \(summary.sampleRate) Hz")
        }
    }
}
