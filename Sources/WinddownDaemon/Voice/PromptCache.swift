#if canImport(Glibc)
    import Glibc
#endif
public import WinddownCore

/// Where clips rendered at run time are kept, so each text is spoken by the
/// engine once: `$XDG_CACHE_HOME/winddown/prompts` for a user,
/// `/var/cache/winddown/prompts` for the system service (or a folder of
/// the caller's choosing).
public struct PromptCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public static func defaultDirectory(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let cache = environment["CACHE_DIRECTORY"], !cache.isEmpty {  // systemd's CacheDirectory=
            return cache.split(separator: ":").first.map(String.init)! + "/prompts"
        }
        if getuid() == 0 { return "/var/cache/winddown/prompts" }
        let base = environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? "/tmp") + "/.cache")
        return base + "/winddown/prompts"
    }

    public func path(forKey key: String) -> String { directory + "/" + key + ".wav" }

    /// Writes `bytes` as the clip for `key`: to a temporary name first, then
    /// renamed, so a crash never leaves half a clip behind.
    public func store(_ bytes: [UInt8], key: String) throws(PromptError) {
        try makeDirectory(directory)
        let final = path(forKey: key)
        let temporary = final + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PromptError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw PromptError("cannot write \(temporary): \(reason)")
            }
            written += n
        }
        close(fd)
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw PromptError("cannot move the clip into \(final): \(String(cString: strerror(errno)))")
        }
    }

    private func makeDirectory(_ path: String) throws(PromptError) {
        if let failure = Folders.create(path, mode: 0o755) {
            throw PromptError("cannot create \(failure.folder): \(failure.reason)")
        }
    }
}

/// A prompt that could not be made ready.
public struct PromptError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
