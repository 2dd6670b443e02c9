import Logging

/// Logging for the service: the journal (with structured fields) when
/// systemd connected stderr to it, else lines on stderr.
enum ServiceLogging {
    static func bootstrap(verbose: Bool) -> Logger {
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "winddownd")
    }
}
