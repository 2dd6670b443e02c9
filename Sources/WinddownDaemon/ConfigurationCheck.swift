public import WinddownCore

/// Everything `check-config` (and a reload) verifies beyond parsing: files
/// the configuration names, and the routine, its own problems and whether
/// it fits `session.duration`. One line per problem.
public enum ConfigurationCheck {
    public static func problems(
        in configuration: Configuration, file: String, library: RoutineLibrary = .standard()
    ) -> [String] {
        var lines = configuration.fileProblems(file: file).map(\.description)
        let reference = configuration.session.routine
        guard reference != Routine.sleepSoundOnlyReference else { return lines }
        do {
            let routine = try library.load(reference)
            if !routine.fits(configuration.session.duration) {
                lines.append(
                    "\(file): session.routine: routine \(routine.name) needs at least "
                        + "\(routine.minimumLength.compactString); session.duration is \(configuration.session.duration.compactString)"
                )
            }
        } catch {
            lines += error.problems.map { "\(file): session.routine: \($0.description)" }
        }
        return lines
    }
}
