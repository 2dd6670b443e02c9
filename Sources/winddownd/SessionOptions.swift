import ArgumentParser
import WinddownCore

/// Overrides of the `[session]` settings for one run (render, play).
struct SessionOptions: ParsableArguments {
    @Option(
        help: "Routine name or file (overrides session.routine).",
        completion: .custom { _, _, typed in CompletionCandidates.routines(startingWith: typed, in: .standard()) })
    var routine: String?

    @Option(help: "Length of the guided part, e.g. 15m (overrides session.duration).", transform: parseDuration)
    var duration: Duration?

    @Option(
        name: .customLong("fade-out"), help: "Length of the fading tail, e.g. 20m (overrides session.fade_out).",
        transform: parseDuration)
    var fadeOut: Duration?

    @Option(
        help: "When to open with the spoken health caution: first, always or off (overrides session.caution).",
        completion: .list(CautionPolicy.allCases.map(\.rawValue)))
    var caution: String?

    func apply(to configuration: Configuration) throws -> Configuration {
        var configuration = configuration
        if let caution {
            guard let policy = CautionPolicy(rawValue: caution) else {
                throw ValidationError("--caution: \"\(caution)\" is not one of first, always or off")
            }
            configuration.session.caution = policy
        }
        if let duration { configuration.session.duration = duration }
        if let fadeOut { configuration.session.fadeOut = fadeOut }
        if let routine {
            guard let reference = RoutineReference(parsing: routine) else {
                throw ValidationError("--routine: \"\(routine)\" is not a routine name or path")
            }
            configuration.session.routine = reference
        }
        return configuration
    }
}

/// `--sound`: another sleep sound for one run (play, render).
struct SoundOption: ParsableArguments {
    @Option(
        help: "A built-in sleep sound (\(BuiltInSound.namesInWords)) or an audio file or folder (overrides audio.sound).",
        completion: .custom { _, _, typed in CompletionCandidates.sounds(startingWith: typed) })
    var sound: String?

    func apply(to configuration: Configuration) throws -> Configuration {
        guard let sound else { return configuration }
        guard let parsed = SleepSound(parsing: sound) else {
            throw ValidationError("--sound: \"\(sound)\" is not \(BuiltInSound.namesInWords), nor a path to an audio file or folder")
        }
        var configuration = configuration
        configuration.audio.sound = parsed
        return configuration
    }
}

/// `--speed N`: a live session N times faster, on purpose.
struct SpeedOption: ParsableArguments {
    @Option(help: "Run sessions N times faster than real time, 1 to 60 (tests, daytime previews); one block in N is heard.")
    var speed: Int = 1

    func validate() throws {
        let range = SessionController.Rules.speeds
        guard range.contains(speed) else {
            throw ValidationError("--speed must be from \(range.lowerBound) to \(range.upperBound), found \(speed)")
        }
    }
}
