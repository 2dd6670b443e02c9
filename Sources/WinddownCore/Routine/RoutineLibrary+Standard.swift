#if canImport(Glibc)
    import Glibc
#endif

extension RoutineLibrary {
    /// The library a daemon uses: the user's folder (only when not root),
    /// then the system's, then the shipped routines in the data folder.
    ///
    /// - Parameters:
    ///   - environment: looks up an environment variable; the process's by default.
    ///   - executablePath: the running program; `/proc/self/exe` by default.
    ///   - isRoot: whether this is a system daemon.
    public static func standard(
        environment: (String) -> String? = processEnvironment,
        executablePath: String? = runningExecutablePath(),
        isRoot: Bool = runningAsRoot()
    ) -> RoutineLibrary {
        let data = dataDirectory(environment: environment, executablePath: executablePath)
        var folders: [String] = []
        if !isRoot, let config = userConfigFolder(environment: environment) {
            folders.append(FileSystem.join(config, "winddown/routines"))
        }
        folders.append("/etc/winddown/routines")
        if let data { folders.append(routinesFolder(inData: data)) }
        return RoutineLibrary(folders: folders, dataDirectory: data)
    }

    /// The data folder: `$WINDDOWN_DATA_DIR` when set; else
    /// `<bin>/../share/winddown` next to the running program when it exists
    /// (an installed daemon); else the nearest folder above the program
    /// that holds `config/routines` (a build inside the source tree, such
    /// as `.build/debug/winddownd`). Nil when none of these is found.
    public static func dataDirectory(environment: (String) -> String?, executablePath: String?) -> String? {
        if let explicit = environment("WINDDOWN_DATA_DIR"), !explicit.isEmpty { return explicit }
        guard let executablePath, executablePath.hasPrefix("/") else { return nil }
        var folder = FileSystem.folder(of: executablePath)
        let installed = FileSystem.join(FileSystem.folder(of: folder), "share/winddown")
        if FileSystem.kind(of: installed) == .folder { return installed }
        while !folder.isEmpty {
            if FileSystem.kind(of: FileSystem.join(folder, "config/routines")) == .folder { return folder }
            if folder == "/" { break }
            folder = FileSystem.folder(of: folder)
        }
        return nil
    }

    /// `routines` in an installed data folder, `config/routines` in a source tree.
    static func routinesFolder(inData data: String) -> String {
        let installed = FileSystem.join(data, "routines")
        let source = FileSystem.join(data, "config/routines")
        return FileSystem.kind(of: installed) != .folder && FileSystem.kind(of: source) == .folder ? source : installed
    }

    /// `$XDG_CONFIG_HOME` when it is an absolute path (as the XDG rules
    /// ask), else `$HOME/.config`.
    static func userConfigFolder(environment: (String) -> String?) -> String? {
        if let config = environment("XDG_CONFIG_HOME"), config.hasPrefix("/") { return config }
        if let home = environment("HOME"), home.hasPrefix("/") { return FileSystem.join(home, ".config") }
        return nil
    }

    /// Whether this process runs as root, and so is a system daemon.
    public static func runningAsRoot() -> Bool { getuid() == 0 }

    /// The process's environment variable `name`.
    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The running program's absolute path, from `/proc/self/exe`.
    public static func runningExecutablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return -1 }
            return readlink("/proc/self/exe", start, buffer.count - 1)
        }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
