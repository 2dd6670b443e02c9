#if canImport(Glibc)
    import Glibc
#endif

/// `mkdir -p`: the state folder, the prompt cache and the socket's folder
/// all need one, each with its own mode.
enum Folders {
    /// Creates `path` and any missing parents with `mode`; on failure, the
    /// folder that could not be made and why.
    static func create(_ path: String, mode: mode_t) -> (folder: String, reason: String)? {
        // A relative path (`--state-dir state`) stays relative to the working folder.
        var partial = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            partial += "/" + part
            if mkdir(partial, mode) != 0 && errno != EEXIST { return (partial, String(cString: strerror(errno))) }
        }
        return nil
    }
}
