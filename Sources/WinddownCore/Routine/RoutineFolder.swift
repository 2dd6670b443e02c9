/// Lists routine files in a folder.
enum RoutineFolder {
    /// The names of the `*.toml` files directly in `folder`, without the
    /// extension; none when the folder is missing or unreadable. Hidden files
    /// are left out, and so are names that could not be looked up again.
    static func routineNames(in folder: String) -> [String] {
        FileSystem.names(in: folder).compactMap { fileName in
            guard fileName.hasSuffix(".toml") else { return nil }
            let name = String(fileName.dropLast(".toml".count))
            guard isPlausibleName(name), FileSystem.kind(of: FileSystem.join(folder, fileName)) == .file else { return nil }
            return name
        }.sorted()
    }

    /// A name that stays inside the folder it is looked up in: not empty,
    /// not hidden, no `/`.
    static func isPlausibleName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/")
    }
}
