#if canImport(Glibc)
    import Glibc
#endif
import SndFile
import WinddownCore

/// The files a sound setting names: one file, or every playable file in a folder.
public struct Playlist: Sendable, Equatable {
    public let paths: [String]

    /// Extensions libsndfile decodes on Debian.
    public static let audioExtensions: Set<String> = ["wav", "flac", "ogg", "oga", "opus", "mp3", "aiff", "aif"]

    public init(paths: [String]) { self.paths = paths }

    /// Resolves `path`: a file is checked by opening it; a folder yields its
    /// audio files (sorted, so shuffling with a seed is repeatable).
    public static func resolve(_ path: String) throws(PlaylistError) -> Playlist {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PlaylistError(path: path, reason: "no such file or folder")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let files = listAudioFiles(in: path)
            guard !files.isEmpty else {
                throw PlaylistError(
                    path: path, reason: "folder holds no audio files (\(audioExtensions.sorted().joined(separator: ", ")))")
            }
            return Playlist(paths: files)
        }
        do {
            let reader = try SoundFileReader(path: path)
            guard reader.frameCount > 0 else { throw PlaylistError(path: path, reason: "the file holds no audio") }
        } catch let error as SndFileError {
            throw PlaylistError(path: path, reason: error.message)
        } catch let error as PlaylistError {
            throw error
        } catch {
            throw PlaylistError(path: path, reason: "\(error)")
        }
        return Playlist(paths: [path])
    }

    private static func listAudioFiles(in folder: String) -> [String] {
        let names = FileSystem.names(in: folder).filter { name in
            guard !name.hasPrefix("."), let dot = name.lastIndex(of: ".") else { return false }
            return audioExtensions.contains(name[name.index(after: dot)...].lowercased())
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return names.sorted().map { base + $0 }
    }
}

/// A sound file or folder that cannot be played, and why.
public struct PlaylistError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
