import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render one whole session to a WAV file, as fast as the CPU allows (no device, no socket), or draw its plan.")

        @OptionGroup var options: CommonOptions
        @OptionGroup var session: SessionOptions
        @OptionGroup var sound: SoundOption

        @Option(help: "The WAV file to write.")
        var output: String?

        @Option(help: "Also write the session's plan (steps, prompts, cues; times in seconds) as JSON lines.")
        var timeline: String?

        @Option(name: .customLong("plan-svg"), help: "Draw the session's plan (steps, prompts, sound and light levels) as an SVG picture.")
        var planSVG: String?

        @Option(help: "Seed for the generated sounds, for repeatable renders.")
        var seed: UInt64 = 1

        func validate() throws {
            guard output != nil || timeline != nil || planSVG != nil else {
                throw ValidationError("say what to write: --output FILE (the sound), --timeline FILE or --plan-svg FILE")
            }
        }

        func run() throws {
            BrokenPipes.ignore()
            let logger = options.makeLogger(label: "winddownd.render")
            let configuration = try sound.apply(to: session.apply(to: options.loadConfiguration()))
            let seed = self.seed
            let historyFolder = options.stateDir
            let prepared = try blockingAwait {
                try await PreparedSession.prepare(configuration: configuration, seed: seed,
                    cautionHeard: HistoryLog.cautionHeard(inFolder: StateDirectory.path(flag: historyFolder)), logger: logger)
            }
            let timelineLines: [String]
            if let output {
                let summary = try SessionRenderer(session: prepared).render(to: output, logger: logger)
                timelineLines = summary.timeline
                logger.info("wrote \(output): \(summary.seconds) s at \(summary.sampleRate) Hz")
            } else {
                timelineLines = TimelineReport.lines(for: try prepared.timeline(sampleRate: SessionRenderer.defaultSampleRate), dimming: prepared.dimming)
            }
            if let timeline { try TextFile.write(timelineLines.joined(separator: "\n") + "\n", to: timeline) }
            if let planSVG {
                let plan = prepared.planReport(try prepared.timeline(sampleRate: SessionRenderer.defaultSampleRate))
                try TextFile.write(PlanDrawing.svg(plan), to: planSVG)
                logger.info("wrote \(planSVG): the plan of \(plan.routine), \(Int(plan.end.rounded())) s")
            }
        }
    }
}
