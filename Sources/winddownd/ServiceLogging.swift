import Logging
import Systemd

/// Logging for the service: the journal (with structured fields) when
/// systemd connected stderr to it, else lines on stderr.
enum ServiceLogging {
    static func bootstrap(verbose: Bool) -> Logger {
        LoggingSetup.bootstrap(level: verbose ? .debug : .info)
        return Logger(label: "winddownd")
    }
}
