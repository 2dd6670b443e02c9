#if canImport(Glibc)
    import Glibc
#endif
public import Logging
import Synchronization
public import WinddownCore

/// The sessions that ran, as an append-only file of JSON lines
/// (`history.jsonl` in the state folder). Each record is written with one
/// `write` and flushed to disk before the call returns, so a crash or a
/// power cut leaves the earlier records whole; a torn last line is skipped
/// (and reported) when the file is read.
public final class HistoryLog: Sendable {
    public let path: String
    /// The state folder it lives in.
    public let folder: String
    private let logger: Logger
    private let lock = Mutex<Void>(())

    public init(folder: String, logger: Logger) {
        path = folder + "/history.jsonl"
        self.folder = folder
        self.logger = logger
        if !StateDirectory.ensure(folder) { logger.error("cannot create the state folder \(folder): \(String(cString: strerror(errno)))") }
    }

    /// Adds `entry` durably. Failure is logged: losing a history line must not stop a session.
    public func append(_ entry: HistoryEntry) {
        let line = Array((entry.toJSON().encoded() + "\n").utf8)
        lock.withLock { _ in
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard fd >= 0 else {
                logger.error("cannot record the session in \(path): \(String(cString: strerror(errno)))")
                return
            }
            defer { close(fd) }
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written != line.count || fsync(fd) != 0 {
                logger.error("cannot record the session in \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The last `limit` sessions, newest first.
    public func recent(_ limit: Int) -> [HistoryEntry] {
        guard let bytes = lock.withLock({ _ in readAll() }) else { return [] }
        var entries: [HistoryEntry] = []
        var skipped = 0
        let parser = JSONParser()
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            do {
                entries.append(try HistoryEntry(json: try parser.parse(Array(line))))
            } catch {
                skipped += 1
            }
        }
        if skipped > 0 { logger.warning("skipped \(skipped) unreadable line(s) in \(path)") }
        return Array(entries.suffix(limit).reversed())
    }

    private func readAll() -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got <= 0 { return bytes }
            bytes += chunk[0..<got]
        }
    }
}
