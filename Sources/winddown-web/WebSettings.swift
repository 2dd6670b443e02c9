#if canImport(Glibc)
    import Glibc
#endif
import CLinux
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

    private static func create(_ path: String) throws(WebStartError) -> WebToken? {
        let folder = FileSystem.folder(of: path)
        if !folder.isEmpty, access(folder, F_OK) != 0, mkdir(folder, 0o750) != 0, errno != EEXIST {
            throw WebStartError("web.token_file: cannot create the folder \(folder): \(String(cString: strerror(errno)))")
        }
        var bytes = [UInt8](repeating: 0, count: WebToken.randomByteCount)
        let got = bytes.withUnsafeMutableBytes { getrandom($0.baseAddress, $0.count, 0) }
        guard got == bytes.count else { throw WebStartError("getrandom() failed: \(String(cString: strerror(errno)))") }
        let token = WebToken(randomBytes: bytes)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 {
            if errno == EEXIST { return nil }
            throw WebStartError("web.token_file: cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let line = Array((token.value + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw WebStartError("web.token_file: cannot write \(path): \(reason)")
        }
        return token
    }

    /// The address a person opens, token included.
    var pageURL: String {
        let host = listen.isWildcard ? Self.hostName() : (listen.host.contains(":") ? "[\(listen.host)]" : listen.host)
        return "http://\(host):\(listen.port)/?token=\(token.value)"
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Why the server cannot start: a setting or a file to fix (exit 78).
struct WebStartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
