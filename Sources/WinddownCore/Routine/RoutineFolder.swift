#if canImport(Glibc)
    import Glibc
#endif

/// Lists routine files in a folder with POSIX calls (see `FileSystem` for
/// why not Foundation).
enum RoutineFolder {
    /// The names of the `*.toml` files directly in `folder`, without the
    /// extension; none when the folder is missing or unreadable. Hidden files
    /// are left out, and so are names that could not be looked up again.
    static func routineNames(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let fileName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard fileName.hasSuffix(".toml") else { continue }
            let name = String(fileName.dropLast(".toml".count))
            if isPlausibleName(name), FileSystem.kind(of: FileSystem.join(folder, fileName)) == .file {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// A name that stays inside the folder it is looked up in: not empty,
    /// not hidden, no `/`.
    static func isPlausibleName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/")
    }
}
