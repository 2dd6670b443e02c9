#if canImport(Glibc)
    import Glibc
#endif
import Logging
import Synchronization
import WinddownCore

/// A small file in the state folder replaced whole and durably: the new
/// bytes go to a temporary file in the same folder, are flushed, renamed over
/// the old file and the folder is flushed. A crash or a power cut at any
/// moment leaves either the old file or the new one, never a mix.
struct StateFile: Sendable {
    let path: String
    /// The most `read` takes; a larger file is unreadable (and set aside by its owner).
    var limit = FileSystem.Limit.state
    /// Makes each temporary name unique within the process too.
    private static let writes = Atomic<Int>(0)

    /// What reading found.
    enum Contents: Equatable {
        case missing
        case bytes([UInt8])
        /// It exists but cannot be read; the reason.
        case unreadable(String)
    }

    func read() -> Contents {
        do { return .bytes(try FileSystem.contents(of: path, limit: limit)) } catch {
            return error == .missing ? .missing : .unreadable(error.message)
        }
    }

    /// Replaces the file with `bytes`; the error names the step that failed.
    func write(_ bytes: [UInt8], mode: mode_t = 0o640) throws(StateFileError) {
        let temporary = "\(path).tmp-\(getpid())-\(Self.writes.add(1, ordering: .relaxed).newValue)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw StateFileError(path: temporary, step: "open") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = StateFileError(path: temporary, step: "write")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let error = StateFileError(path: temporary, step: "fsync")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = StateFileError(path: path, step: "rename")
            unlink(temporary)
            throw error
        }
        // The rename itself is only durable once the folder is flushed.
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let folderFD = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderFD >= 0 else { throw StateFileError(path: folder, step: "open folder") }
        defer { close(folderFD) }
        guard fsync(folderFD) == 0 else { throw StateFileError(path: folder, step: "fsync folder") }
    }

    /// The file's value as `parse` makes it from JSON; nil when there is no
    /// file. One that cannot be read or makes no sense is moved aside with a
    /// log line naming `what` it held and `then`, what the daemon does instead.
    func load<Value>(
        _ what: String, then: String, logger: Logger, _ parse: (JSONValue) throws -> Value
    ) -> Value? {
        let problem: String
        switch read() {
        case .missing: return nil
        case .unreadable(let reason): problem = reason
        case .bytes(let bytes):
            do {
                return try parse(try JSONParser(maximumLength: 65_536).parse(bytes))
            } catch let error as JSONParseError {
                problem = "not valid JSON: \(error)"
            } catch {
                problem = "\(error)"
            }
        }
        let aside = moveAside(now: Int64(time(nil)))
        logger.error("\(what) \(path) is unusable (\(problem)); \(aside.map { "moved it to \($0), " } ?? "")\(then)")
        return nil
    }

    /// Renames a file that cannot be used to `NAME.corrupt-EPOCH`, so that the
    /// daemon starts afresh and a person can still look at what was there.
    /// Returns the new name, or nil when even that failed.
    func moveAside(now: Int64) -> String? {
        let aside = "\(path).corrupt-\(now)"
        return rename(path, aside) == 0 ? aside : nil
    }
}

/// A state file that could not be written, naming the file and the step.
struct StateFileError: Error, CustomStringConvertible {
    let path: String
    let step: String
    let reason: String

    init(path: String, step: String, errno code: Int32 = errno) {
        self.path = path
        self.step = step
        reason = String(cString: strerror(code))
    }

    var description: String { "cannot save \(path): \(step) failed: \(reason)" }
}
