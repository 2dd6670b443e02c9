import ArgumentParser
import WinddownCore

/// Overrides of the `[session]` settings for one run (render, play).
struct SessionOptions: ParsableArguments {
    @Option(help: "Routine name or file (overrides session.routine).")
    var routine: String?

    @Option(help: "Length of the guided part, e.g. 15m (overrides session.duration).", transform: parseDuration)
    var duration: Duration?

    @Option(
        name: .customLong("fade-out"), help: "Length of the fading tail, e.g. 20m (overrides session.fade_out).",
        transform: parseDuration)
    var fadeOut: Duration?

    func apply(to configuration: Configuration) throws -> Configuration {
        var configuration = configuration
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
