import ArgumentParser
import Logging
import WinddownCore
import WinddownDaemon

/// Options every subcommand takes (interface.md).
struct CommonOptions: ParsableArguments {
    @Option(help: "Configuration file (default: /etc/winddown/winddown.toml for root, else $XDG_CONFIG_HOME/winddown/winddown.toml; env WINDDOWN_CONFIG).")
    var config: String?

    @Option(help: "Control socket path (env WINDDOWN_SOCKET).")
    var socket: String?

    @Option(name: .customLong("state-dir"), help: "State directory.")
    var stateDir: String?

    @Flag(help: "Log debug detail.")
    var verbose = false

    func makeLogger(label: String) -> Logger {
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }

    /// Loads the configuration, or exits with its problems, one a line.
    func loadConfiguration() throws -> Configuration {
        do {
            return try ConfigurationLocator(flag: config).load().configuration
        } catch {
            throw ValidationError("invalid configuration:\n\(error.description)")
        }
    }
}

/// Reads a duration option such as `15m` or `1h30m`.
func parseDuration(_ text: String) throws -> Duration {
    do { return try Duration(parsing: text) } catch {
        throw ValidationError("\"\(text)\" is not a duration: \(error)")
    }
}
