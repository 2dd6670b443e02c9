/// Which routine a client of the control socket may ask for.
extension RoutineLibrary {
    /// The routine a client asked for, checked before anything changes: a
    /// name must be in a folder, a path inside one of the routine folders
    /// (the socket must not open files its client could not read). A path
    /// comes back resolved, so what is later opened is what was checked,
    /// even if a link changes meanwhile; a name stays a name (its folders
    /// belong to the administrator). The error is the message for the
    /// client, naming `command` (`start`, or `plan`).
    public func checkedForClient(_ routine: RoutineReference, command: String = "start")
        -> Result<RoutineReference, RoutineRequestRefusal>
    {
        if routine == Routine.sleepSoundOnlyReference { return .success(routine) }
        guard case .file(let path) = routine else {
            do { _ = try self.path(for: routine) } catch {
                return .failure(RoutineRequestRefusal("\(command): \(error.problems.first?.message ?? error.description)"))
            }
            return .success(routine)
        }
        // A missing file is judged by its folder, so that the answer never
        // tells a client whether a file outside the routine folders exists.
        let folder = FileSystem.folder(of: path)
        let missing = FileSystem.kind(of: path) == .missing
        let inside = missing ? pathInsideFolders(folder.isEmpty ? "." : folder) : pathInsideFolders(path)
        guard let resolved = inside else {
            return .failure(RoutineRequestRefusal(
                "\(command): routine=\(path) is not inside a routine folder (\(folders.joined(separator: ", ")));"
                    + " give a routine name, or a path inside one of them"))
        }
        if missing { return .failure(RoutineRequestRefusal("\(command): routine=\(path): no such file")) }
        return .success(.file(path: resolved))
    }
}

/// Why `start routine=` was refused, fit to send to the client.
public struct RoutineRequestRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Routine {
    /// `session.routine = "none"`: no guided steps, only the sleep sound for
    /// `session.duration`, then its fading tail.
    public static let sleepSoundOnlyReference = RoutineReference.named("none")

    public static let sleepSoundOnly = Routine(
        name: "none", title: "Sleep sound only", summary: "No guided steps: the sleep sound, then its fade.", steps: [])
}
