public import WinddownCore

/// Everything `check-config` (and a reload) verifies beyond parsing: files
/// the configuration names, and the routine, its own problems and whether
/// it fits `session.duration`. One line per problem.
public enum ConfigurationCheck {
    public static func problems(
        in configuration: Configuration, file: String, library: RoutineLibrary = .standard()
    ) -> [String] {
        var lines = configuration.fileProblems(file: file).map(\.description)
        // Each night the schedule may play: the main settings, and every weekday table's.
        var nights = [(configuration.session.routine, configuration.session.duration, "session.routine")]
        for day in Weekday.allCases {
            guard let night = configuration.schedule.night(on: day), night.routine != nil || night.duration != nil else { continue }
            nights.append((night.routine ?? configuration.session.routine, night.duration ?? configuration.session.duration, day.configurationKey))
        }
        // With "always" every night opens with the caution: leave room for it. (A
        // first night too short for it plays without it, and says so in the log.)
        let reserved: Duration = configuration.session.caution == .always ? SessionCaution.reservedLength : .zero
        for (reference, duration, key) in nights where reference != Routine.sleepSoundOnlyReference {
            do {
                let routine = try library.load(reference)
                if let problem = routine.fitProblem(for: duration, reserving: reserved) { lines.append("\(file): \(key): \(problem)") }
            } catch {
                lines += error.problems.map { "\(file): \(key): \($0.description)" }
            }
        }
        return lines
    }
}
