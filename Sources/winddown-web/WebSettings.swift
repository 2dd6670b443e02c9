#if canImport(Glibc)
    import Glibc
#endif
import CLinux
import ControlLink
import WinddownCore

/// What the server needs from the configuration file and the token file,
/// checked before it listens.
struct WebSettings {
    let listen: WebListenAddress
    let token: WebToken
    let tokenFile: String
    /// The token file was made just now.
    let createdToken: Bool
    let socketPath: String

    init(configuration: Configuration, socketPath: String, stateFolder: String) throws(WebStartError) {
        listen = configuration.web.listen
        tokenFile = configuration.web.tokenFile ?? (stateFolder.hasSuffix("/") ? stateFolder : stateFolder + "/") + "web-token"
        (token, createdToken) = try Self.token(at: tokenFile)
        self.socketPath = socketPath
    }

    /// The token in `path`, or a new one written there (mode 0600, created
    /// exclusively, so two servers starting at once agree on one token).
    static func token(at path: String) throws(WebStartError) -> (WebToken, created: Bool) {
        for _ in 0..<2 {
            switch Result(catching: { () throws(FileSystem.ReadError) in try FileSystem.contents(of: path, limit: 4096) }) {
            case .success(let bytes):
                do { return (try WebToken(fileContents: bytes), false) } catch {
                    throw WebStartError("web.token_file: \(path): \(error.description)")
                }
            case .failure(let error) where error == .missing:
                if let made = try create(path) { return (made, true) }
            // Someone else made it meanwhile: read theirs.
            case .failure(let error):
                throw WebStartError("web.token_file: \(path): \(error == .folder ? "is a folder" : error.message)")
            }
        }
        throw WebStartError("web.token_file: \(path) keeps appearing and vanishing")
    }

    /// Writes a new token to a file of its own, then links it into place:
    /// the token file exists whole or not at all, and when two servers
    /// start at once the second finds the first one's token.
    private static func create(_ path: String) throws(WebStartError) -> WebToken? {
        // The folder and its parents, as the daemon makes its state folder (0750).
        var folder = ""
        for part in FileSystem.folder(of: path).split(separator: "/", omittingEmptySubsequences: true) {
            folder += (path.hasPrefix("/") || !folder.isEmpty ? "/" : "") + part
            if mkdir(folder, 0o750) != 0 && errno != EEXIST {
                throw WebStartError("web.token_file: cannot create the folder \(folder): \(String(cString: strerror(errno)))")
            }
        }
        var bytes = [UInt8](repeating: 0, count: WebToken.randomByteCount)
        let got = bytes.withUnsafeMutableBytes { getrandom($0.baseAddress, $0.count, 0) }
        guard got == bytes.count else { throw WebStartError("getrandom() failed: \(String(cString: strerror(errno)))") }
        let token = WebToken(randomBytes: bytes)
        let draft = "\(path).\(getpid()).new"
        // One left by a run that was killed mid-write (the same pid comes back in a container).
        unlink(draft)
        let fd = open(draft, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw WebStartError("web.token_file: cannot create \(draft): \(String(cString: strerror(errno)))") }
        defer { unlink(draft) }
        let line = Array((token.value + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = written == line.count && fsync(fd) == 0
        let reason = written == line.count || written < 0 ? String(cString: strerror(errno)) : "the disk is full"
        close(fd)
        guard synced else { throw WebStartError("web.token_file: cannot write \(draft): \(reason)") }
        if link(draft, path) != 0 {
            if errno == EEXIST { return nil }
            throw WebStartError("web.token_file: cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return token
    }

    /// Who else may read the token file: a warning for the log when anyone may.
    static func exposure(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        return "\(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 \(path)"
    }

    /// The address a person opens, token included.
    var pageURL: String {
        let host = listen.isWildcard ? ClientProcess.hostName(fallback: "localhost") : (listen.host.contains(":") ? "[\(listen.host)]" : listen.host)
        return "http://\(host):\(listen.port)/?token=\(token.value)"
    }
}

/// Why the server cannot start: a setting or a file to fix (exit 78).
struct WebStartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
