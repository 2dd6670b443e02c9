import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

extension Winddownd {
    /// The long-running service: what systemd starts (`winddownd` with no subcommand).
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the daemon in the foreground: the control socket, sessions on request (the default).")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let logger = ServiceLogging.bootstrap(verbose: options.verbose)
            let service = try DaemonService(
                configurationFlag: options.config, socketFlag: options.socket, stateFlag: options.stateDir, logger: logger)
            try await service.run()
        }
    }
}
