import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    /// Speaks a routine's prompts that have no clip yet into the cache. The
    /// daemon runs this as a child process before a session whose routine
    /// has new text; it is also handy before a first night with a new routine.
    struct PrepareVoice: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare-voice",
            abstract: "Speak the prompts of a routine that have no clip yet (voice.tts), into the cache.")

        @OptionGroup var options: CommonOptions
        @OptionGroup var session: SessionOptions

        func run() throws {
            BrokenPipes.ignore()
            let logger = options.makeLogger(label: "winddownd.prepare-voice")
            let configuration = try session.apply(to: options.loadConfiguration())
            // The caution too, whenever it is on: the first night should not wait for it.
            _ = try blockingAwait {
                try await PreparedSession.prepare(configuration: configuration, seed: 1, cautionHeard: false, logger: logger)
            }
        }
    }
}
