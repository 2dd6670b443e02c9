#if canImport(Glibc)
    import Glibc
#endif

/// The few file-system questions the configuration asks, answered with
/// POSIX calls. Foundation's FileManager would pull its whole
/// internationalisation stack into the daemon, which a bedside box pays
/// for in resident memory every night.
public enum FileSystem {
    public enum Kind: Sendable { case missing, file, folder }

    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .folder : .file
    }

    static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// Why a file's contents could not be had; `message` follows the path.
    public enum ReadError: Error, Sendable, Equatable {
        case missing
        case folder
        /// A device, FIFO or socket: `/dev/zero` never ends, a FIFO may never open.
        case notRegular(kind: String)
        case tooLarge(limit: Int)
        case unreadable(reason: String)

        public var message: String {
            switch self {
            case .missing: "no such file"
            case .folder: "is a folder, not a file"
            case .notRegular(let kind): "is \(kind), not a regular file"
            case .tooLarge(let limit): "is larger than \(Self.size(limit)), the most that is read"
            case .unreadable(let reason): "cannot be read: \(reason)"
            }
        }

        static func size(_ bytes: Int) -> String {
            bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB"
                : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
        }
    }

    /// Caps for the files the daemon reads, by what they hold.
    public enum Limit {
        /// A configuration or routine file: the shipped ones are a few KiB.
        public static let document = 1 << 20
        /// A TZif zone file: the largest in tzdata is a few KiB; this leaves
        /// room for any a user builds, and none for a stray big file.
        public static let zone = 1 << 20
        /// A state file (schedule.json, session.json).
        public static let state = 1 << 20
    }

    /// The whole of the regular file at `path`, at most `limit` bytes.
    ///
    /// Opened without blocking (a FIFO must not stall the caller) and
    /// checked with fstat on the open descriptor, so what is read is what
    /// was checked; the read stops at `limit + 1` bytes whatever the size
    /// claimed, since a file can grow while it is read.
    public static func contents(of path: String, limit: Int) throws(ReadError) -> [UInt8] {
        try read(path, upTo: limit, whole: true)
    }

    /// The first `length` bytes of the regular file at `path` (all of a
    /// shorter one), checked like `contents(of:limit:)`.
    public static func prefix(of path: String, length: Int) throws(ReadError) -> [UInt8] {
        try read(path, upTo: length, whole: false)
    }

    /// `whole`: the file must fit in `limit`; otherwise its first `limit` bytes.
    private static func read(_ path: String, upTo limit: Int, whole: Bool) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .missing }
            throw .unreadable(reason: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .folder
        case S_IFCHR: throw .notRegular(kind: "a character device")
        case S_IFBLK: throw .notRegular(kind: "a block device")
        case S_IFIFO: throw .notRegular(kind: "a FIFO")
        case S_IFSOCK: throw .notRegular(kind: "a socket")
        default: throw .notRegular(kind: "a special file")
        }
        guard info.st_size <= limit || !whole else { throw .tooLarge(limit: limit) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(limit, Int(info.st_size)))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
            if !whole && bytes.count >= limit { return Array(bytes.prefix(limit)) }
        }
        throw .tooLarge(limit: limit)
    }

    /// The folder part of a path ("" for a bare name).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `name` inside `folder`.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The names in a folder, without `.` and `..`, unsorted; none when it
    /// is missing or unreadable.
    public static func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The canonical absolute path (links and `..` resolved), or nil when
    /// the path does not exist.
    public static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
