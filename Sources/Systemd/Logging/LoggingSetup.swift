public import Logging

/// Chooses where the daemon's logs go: journald when systemd connected stderr
/// to the journal (structured fields survive), a concise stderr line otherwise.
public enum LoggingSetup {
    /// Bootstraps swift-log once per process (swift-log traps on a second call).
    public static func bootstrap(level: Logger.Level = .info) {
        let journal = JournalLogHandler.isStderrConnectedToJournal()
        LoggingSystem.bootstrap { label in makeHandler(label: label, level: level, journal: journal) }
    }

    /// The handler `bootstrap` installs, for a given choice.
    public static func makeHandler(label: String, level: Logger.Level, journal: Bool) -> any LogHandler {
        journal
            ? JournalLogHandler(label: label, logLevel: level)
            : StderrLogHandler(label: label, logLevel: level)
    }
}
