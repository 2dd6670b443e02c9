import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    /// The long-running service: what systemd starts (`winddownd` with no subcommand).
    /// Synchronous on purpose: the daemon lives on plain threads (see `DaemonService`).
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the daemon in the foreground: the control socket, sessions on request (the default).")

        @OptionGroup var options: CommonOptions
        @OptionGroup var pace: SpeedOption

        func run() throws {
            // Before anything else, so that a SIGTERM during start-up is a graceful stop.
            DaemonService.prepareSignals()
            let logger = ServiceLogging.bootstrap(verbose: options.verbose)
            let service = try DaemonService(
                configurationFlag: options.config, socketFlag: options.socket, stateFlag: options.stateDir, speed: pace.speed,
                logger: logger)
            try service.run()
        }
    }
}
