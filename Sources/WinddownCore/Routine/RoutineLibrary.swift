/// Finds routines by name or path.
///
/// A name such as `foot-massage` is looked up as `foot-massage.toml` in
/// each of `folders` in turn, so a user's own copy of a shipped routine
/// wins over the shipped one. A path is read as it is.
public struct RoutineLibrary: Sendable, Equatable {
    /// Searched in this order; folders that do not exist are skipped.
    public var folders: [String]
    /// The installed data folder (`share/winddown`, or the source tree when
    /// run from a build folder): `sounds/` is inside it. Nil when none was found.
    public var dataDirectory: String?

    public init(folders: [String], dataDirectory: String? = nil) {
        self.folders = folders
        self.dataDirectory = dataDirectory
    }

    /// Every routine name found in the folders, sorted, each once.
    public func availableNames() -> [String] {
        Array(Set(folders.flatMap { RoutineFolder.routineNames(in: $0) })).sorted()
    }

    /// The file a reference means: a path as it is, a name as the first
    /// `<name>.toml` in the folders.
    ///
    /// - Throws: for a name found in no folder; the message lists the
    ///   routines that are available.
    public func path(for reference: RoutineReference) throws(RoutineError) -> String {
        switch reference {
        case .file(let path):
            return path
        case .named(let written):
            let name = written.hasSuffix(".toml") ? String(written.dropLast(".toml".count)) : written
            if RoutineFolder.isPlausibleName(name) {
                for folder in folders {
                    let path = FileSystem.join(folder, name + ".toml")
                    if FileSystem.kind(of: path) == .file { return path }
                }
            }
            throw RoutineError(problems: [
                RoutineProblem(file: written, line: nil, field: nil, message: unknownNameMessage(name))
            ])
        }
    }

    /// `path` with its links and `..` resolved, when it names a file inside
    /// one of the folders (or the folder itself); nil otherwise. A control client may name routine
    /// files only there, so that the socket cannot be used to make the
    /// daemon open (and describe) files its client could not read itself.
    public func pathInsideFolders(_ path: String) -> String? {
        guard let resolved = FileSystem.canonicalPath(path) else { return nil }
        for folder in folders {
            guard let root = FileSystem.canonicalPath(folder) else { continue }
            if resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") { return resolved }
        }
        return nil
    }

    /// Finds and parses the routine a reference means.
    public func load(_ reference: RoutineReference) throws(RoutineError) -> Routine {
        try Routine.load(path: path(for: reference))
    }

    /// Why the routine a reference means cannot be used, in one line, or
    /// nil when it loads. Meant for `check-config`, after
    /// `session.routine: `: several problems in the routine file are
    /// joined with "; ", each starting with the file and line.
    public func problem(for reference: RoutineReference) -> String? {
        do {
            _ = try load(reference)
            return nil
        } catch {
            if case .named = reference, error.problems.count == 1, error.problems[0].line == nil,
                error.problems[0].place == nil, error.problems[0].file == reference.description
            {
                return error.problems[0].message
            }
            return ProblemLines.joined(error.problems.map(\.description))
        }
    }

    private func unknownNameMessage(_ name: String) -> String {
        let available = availableNames()
        var message = "no routine named \"\(name)\""
        let guesses = KeySuggestions.closest(to: name, among: available, tolerance: KeySuggestions.tolerance(for: name))
        if let hint = KeySuggestions.phrase(for: guesses, format: { "\"\($0)\"" }) { message += "; \(hint)" }
        if available.isEmpty {
            message += "; no routines were found in " + folders.joined(separator: ", ")
        } else {
            message += "; available: " + available.joined(separator: ", ")
        }
        return message
    }
}
