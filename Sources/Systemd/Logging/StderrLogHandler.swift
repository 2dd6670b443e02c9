import Glibc
public import Logging

/// A concise one-line-per-record handler for a terminal or a plain log file:
/// `2026-11-25T22:30:00Z info winddownd: message key=value`.
public struct StderrLogHandler: LogHandler {
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var line = Self.format(event: event, label: label, metadata: merged, secondsSinceEpoch: Int(now.tv_sec))
        line.append("\n")
        // One write(2) per line, so lines from several threads do not interleave.
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// The line without its newline. Pure, for tests.
    static func format(event: LogEvent, label: String, metadata: Logger.Metadata, secondsSinceEpoch: Int) -> String {
        var line = "\(timestamp(secondsSinceEpoch)) \(event.level) \(label): \(event.message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(quoted(value.description))"
        }
        if let error = event.error { line += " error=\(quoted(String(describing: error)))" }
        return line
    }

    /// `2026-11-25T22:30:00Z`: UTC, whole seconds.
    static func timestamp(_ secondsSinceEpoch: Int) -> String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// A value as is, or in double quotes (with `"` and `\` escaped) when it is
    /// empty or holds spaces, quotes or control characters.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "=" || $0.properties.generalCategory == .control
        }
        guard needsQuotes else { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
