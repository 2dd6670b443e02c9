/// What Tab offers on a command line for a routine or a sound: the shells'
/// completion scripts call the program back with the word typed so far.
public enum CompletionCandidates {
    /// The routine names a session could be started with: those in the
    /// library's folders (the user's, `/etc/winddown/routines`, the shipped ones).
    public static func routines(startingWith prefix: String, in library: RoutineLibrary) -> [String] {
        library.availableNames().filter { $0.hasPrefix(prefix) }
    }

    /// The built-in sounds, and once the word holds a `/`, the audio files
    /// and folders (ending in `/`, to go on into) where it points.
    public static func sounds(startingWith prefix: String) -> [String] {
        let builtIn = BuiltInSound.allCases.map(\.rawValue).filter { $0.hasPrefix(prefix.lowercased()) }
        guard prefix.contains("/") else { return builtIn }
        return builtIn + audioPaths(startingWith: prefix)
    }

    static func audioPaths(startingWith prefix: String) -> [String] {
        guard let slash = prefix.lastIndex(of: "/") else { return [] }
        let typedFolder = FileSystem.folder(of: prefix)
        let partial = String(prefix[prefix.index(after: slash)...])
        let base = String(prefix[...slash])
        return FileSystem.names(in: typedFolder).compactMap { name -> String? in
            // Hidden entries only when asked for, as shells do for files.
            guard name.hasPrefix(partial), !name.hasPrefix(".") || partial.hasPrefix(".") else { return nil }
            switch FileSystem.kind(of: FileSystem.join(typedFolder, name)) {
            case .folder: return base + name + "/"
            case .file where SleepSound.hasAudioExtension(name): return base + name
            default: return nil
            }
        }.sorted()
    }
}
