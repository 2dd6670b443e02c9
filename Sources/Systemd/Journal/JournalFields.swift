import Logging

/// Turns one swift-log record into journal fields (`NAME=value` strings).
/// Pure: no clock, no environment, no I/O.
enum JournalFields {
    /// The `SYSLOG_IDENTIFIER` of every entry.
    static let identifier = "winddownd"

    /// Fields this handler sets itself; metadata keys that map onto one are
    /// sent as `WINDDOWN_<NAME>` instead of shadowing it.
    static let reserved: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "SYSLOG_IDENTIFIER", "SYSLOG_FACILITY", "SYSLOG_PID",
        "SYSLOG_TIMESTAMP", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERRNO", "WINDDOWN_LABEL", "WINDDOWN_ERROR",
    ]

    static func fields(for event: LogEvent, label: String, metadata: Logger.Metadata) -> [String] {
        var fields = [
            "MESSAGE=\(event.message)",
            "PRIORITY=\(priority(event.level))",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)",
            "CODE_LINE=\(event.line)",
            "CODE_FUNC=\(event.function)",
            "WINDDOWN_LABEL=\(label)",
        ]
        if let error = event.error { fields.append("WINDDOWN_ERROR=\(String(describing: error))") }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append("\(fieldName(key))=\(value.description)")
        }
        return fields
    }

    /// syslog(3) priorities: 2 crit, 3 err, 4 warning, 5 notice, 6 info, 7 debug.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// A metadata key as a journal field name journald accepts: `[A-Z0-9_]`,
    /// at most 64 characters, not starting with `_` (journald's trusted
    /// fields) or a digit. `session` → `SESSION`, `step.index` → `STEP_INDEX`.
    static func fieldName(_ key: String) -> String {
        var name = String(String.UnicodeScalarView(key.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "A"..."Z", "0"..."9", "_": scalar
            case "a"..."z": Unicode.Scalar(scalar.value - 32)!
            default: "_"
            }
        }))
        name = String(name.drop { $0 == "_" })
        if name.isEmpty {
            name = "WINDDOWN_FIELD"
        } else if name.first!.isNumber || reserved.contains(name) {
            name = "WINDDOWN_" + name
        }
        return String(name.prefix(64))
    }
}
