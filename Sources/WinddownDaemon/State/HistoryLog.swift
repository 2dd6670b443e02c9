#if canImport(Glibc)
    import Glibc
#endif
public import Logging
import Synchronization
public import WinddownCore

/// The sessions that ran, as an append-only file of JSON lines
/// (`history.jsonl` in the state folder). Each record is written with one
/// `write` and flushed to disk before the call returns, so a crash or a
/// power cut leaves the earlier records whole. At start-up a file with
/// damaged lines (a torn last record after a power cut, stray bytes) is kept
/// aside as `history.jsonl.corrupt-EPOCH` and replaced, atomically, by its
/// readable records, so every later append starts on a line of its own.
public final class HistoryLog: Sendable {
    public let path: String
    /// A night adds about 250 bytes: 16 MiB is over a century of nights.
    static let maximumSize = 16 << 20
    /// The state folder it lives in.
    public let folder: String
    private let logger: Logger
    private let lock = Mutex<Void>(())
    /// `session.json`: the session playing now, for a daemon that dies during it.
    private let marker: SessionMarker

    public init(folder: String, logger: Logger) {
        path = folder + "/history.jsonl"
        self.folder = folder
        self.logger = logger
        if !StateDirectory.ensure(folder) { logger.error("cannot create the state folder \(folder): \(String(cString: strerror(errno)))") }
        marker = SessionMarker(folder: folder, logger: logger)
        repair()
        if let cut = marker.interrupted() {
            append(cut)
            logger.warning("the session started \(cut.started) never ended: the daemon stopped during it; recorded as failed")
        }
    }

    /// Notes that a session is playing: should the daemon die before it
    /// ends, the next start records it (as failed, with the reason).
    public func sessionBegan(started: ControlTimestamp, routine: String, trigger: HistoryEntry.Trigger) {
        marker.begin(started: started, routine: routine, trigger: trigger)
    }

    /// Sets a damaged file aside and keeps its readable records (see above).
    private func repair() {
        let file = StateFile(path: path, limit: Self.maximumSize)
        switch file.read() {
        case .missing: return
        case .unreadable(let reason):
            let aside = file.moveAside(now: Int64(time(nil)))
            logger.error("cannot read the session history \(path) (\(reason)); \(aside.map { "moved it to \($0) and " } ?? "")starting a new one")
        case .bytes(let bytes):
            let (entries, damaged) = Self.parse(bytes)
            guard damaged > 0 || (!bytes.isEmpty && bytes.last != UInt8(ascii: "\n")) else { return }
            let kept = entries.map { $0.toJSON().encoded() + "\n" }.joined()
            let copy = StateFile(path: "\(path).corrupt-\(time(nil))")
            do {
                try copy.write(bytes)
                try file.write(Array(kept.utf8))
                logger.warning(
                    "the session history \(path) had \(max(damaged, 1)) damaged line(s); kept \(entries.count) session(s), the original is in \(copy.path)")
            } catch {
                logger.error("the session history \(path) has damaged lines and cannot be repaired: \(error)")
            }
        }
    }

    /// The readable entries, oldest first, and how many lines were not.
    private static func parse(_ bytes: [UInt8]) -> (entries: [HistoryEntry], damaged: Int) {
        var entries: [HistoryEntry] = []
        var damaged = 0
        let parser = JSONParser()
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            do {
                entries.append(try HistoryEntry(json: try parser.parse(Array(line))))
            } catch {
                damaged += 1
            }
        }
        return (entries, damaged)
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
            var before = stat()
            let size = fstat(fd, &before) == 0 ? before.st_size : -1
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let code = errno
            if written != line.count {
                // A short write (a full disk) would leave half a line for the next record to be glued to.
                if size >= 0 { _ = ftruncate(fd, size) }
                let reason = written < 0 ? String(cString: strerror(code)) : "only \(written) of \(line.count) bytes written"
                logger.error("cannot record the session in \(path): \(reason)")
            } else if fsync(fd) != 0 {
                logger.error("cannot record the session in \(path): \(String(cString: strerror(errno)))")
            }
            // Recorded: nothing is left for a later start to catch up.
            marker.end()
        }
    }

    /// Whether some session played the health caution through
    /// (`session.caution = "first"` speaks it until one has). An
    /// unreadable history counts as none: the caution rather once too often.
    public var cautionHeard: Bool { Self.cautionHeard(inFolder: folder) }

    /// The same for the history in state folder `folder`, read without
    /// creating or repairing anything (for `render` and `play`).
    public static func cautionHeard(inFolder folder: String) -> Bool {
        guard let bytes = try? FileSystem.contents(of: folder + "/history.jsonl", limit: maximumSize) else { return false }
        return parse(bytes).entries.contains { $0.cautionHeard }
    }

    /// The last `limit` sessions, newest first.
    public func recent(_ limit: Int) -> [HistoryEntry] {
        guard let bytes = lock.withLock({ _ in try? FileSystem.contents(of: path, limit: Self.maximumSize) }) else { return [] }
        let (entries, damaged) = Self.parse(bytes)
        if damaged > 0 { logger.warning("skipped \(damaged) unreadable line(s) in \(path)") }
        return Array(entries.suffix(limit).reversed())
    }
}
