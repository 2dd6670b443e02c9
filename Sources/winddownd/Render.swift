import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render one whole session to a WAV file, as fast as the CPU allows (no device, no socket).")

        @OptionGroup var options: CommonOptions
        @OptionGroup var session: SessionOptions

        @Option(help: "The WAV file to write.")
        var output: String

        @Option(help: "Also write the session's plan (steps, prompts, cues; times in seconds) as JSON lines.")
        var timeline: String?

        @Option(help: "Seed for the generated sounds, for repeatable renders.")
        var seed: UInt64 = 1

        func run() throws {
            BrokenPipes.ignore()
            let logger = options.makeLogger(label: "winddownd.render")
            let configuration = try session.apply(to: options.loadConfiguration())
            let seed = self.seed
            let historyFolder = options.stateDir
            let prepared = try blockingAwait {
                try await PreparedSession.prepare(configuration: configuration, seed: seed,
                    cautionHeard: HistoryLog.cautionHeard(inFolder: StateDirectory.path(flag: historyFolder)), logger: logger)
            }
            let summary = try SessionRenderer(session: prepared).render(to: output, logger: logger)
            if let timeline { try TextFile.write(summary.timeline.joined(separator: "\n") + "\n", to: timeline) }
            logger.info("wrote \(output): \(summary.seconds) s at \(summary.sampleRate) Hz")
        }
    }
}
