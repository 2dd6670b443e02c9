import Glibc
public import Logging

/// A swift-log handler that writes structured entries to journald: the
/// message, a syslog priority, `SYSLOG_IDENTIFIER=winddownd`, the source
/// location, `WINDDOWN_LABEL` (the logger's label) and every metadata key as
/// an upper-case field (`session` → `SESSION`), so that
/// `journalctl -u winddownd SESSION=…` finds one night's session.
///
/// Logging never waits on journald: entries go through `JournalSender`.
public struct JournalLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let sender: JournalSender

    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, logLevel: logLevel, metadataProvider: metadataProvider, sender: .shared)
    }

    init(label: String, logLevel: Logger.Level, metadataProvider: Logger.MetadataProvider?, sender: JournalSender) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.sender = sender
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sender.enqueue(JournalFields.fields(for: event, label: label, metadata: mergedMetadata(event.metadata)))
    }

    /// Handler metadata, then the provider's, then the call's; later wins.
    func mergedMetadata(_ explicit: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit { merged.merge(explicit) { $1 } }
        return merged
    }

    /// systemd's rule for "stderr goes to the journal already": `JOURNAL_STREAM`
    /// is `DEVICE:INODE` of the stream systemd connected, and stderr still is
    /// that stream (not redirected by the user or a shell).
    public static func isStderrConnectedToJournal() -> Bool {
        isConnectedToJournal(fd: STDERR_FILENO, journalStream: getenv("JOURNAL_STREAM").map { String(cString: $0) })
    }

    static func isConnectedToJournal(fd: Int32, journalStream: String?) -> Bool {
        guard let journalStream else { return false }
        let parts = journalStream.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
