import ArgumentParser
import WinddownCore

extension Winddownctl {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a session now.")
        @OptionGroup var options: ClientOptions

        @Option(
            help: "Routine name or path to a routine file (default: session.routine).",
            completion: .custom { _, _, typed in CompletionCandidates.routines(startingWith: typed, in: .standard()) })
        var routine: String?

        @Option(help: "Length of the guided part, 5m to 1h, e.g. 15m (default: session.duration).")
        var duration: String?

        func validate() throws { _ = try request() }

        func run() throws { try ControlClient(options).send(try request(), show: .started) }

        func request() throws -> ControlRequest {
            do { return try ControlRequest.start(routineText: routine, durationText: duration) } catch {
                throw ValidationError(error.message)
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fade out and end the session.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.stop, show: .confirmation("stopping")) }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause the session (the sound fades, the timeline holds).")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.pause, show: .confirmation("paused")) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused or held session.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.resume, show: .confirmation("resumed")) }
    }

    struct Skip: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move on to the next step.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.skip, show: .confirmation("skipped to the next step")) }
    }

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep the current step going past its planned end, sound and all, until resume or skip.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.hold, show: .confirmation("holding this step; resume or skip to go on")) }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lengthen the fading tail, e.g. 10m (at most 3h of tail in all).")
        @OptionGroup var options: ClientOptions

        @Argument(help: ArgumentHelp("How much longer the fade lasts: 10m, +10m, 1h.", valueName: "duration"))
        var duration: String

        func validate() throws { _ = try request() }

        func run() throws { try ControlClient(options).send(try request(), show: .remaining("fade extended")) }

        func request() throws -> ControlRequest {
            do { return try ControlRequest(parsing: "extend \(duration)") } catch { throw ValidationError(error.message) }
        }
    }

    struct Volume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the sleep-sound level for this session: 30, or +5 / -5 to step it.")
        @OptionGroup var options: ClientOptions

        // Unrecognized input too, so that "-5" is a value rather than an unknown option.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("N, +N or -N (percent, 0 to 100).", valueName: "value"))
        var values: [String] = []

        func validate() throws { _ = try change() }

        func run() throws { try ControlClient(options).send(.volume(try change()), show: .volume) }

        func change() throws -> VolumeChange {
            guard values.count == 1, let value = values.first else {
                throw ValidationError(values.isEmpty ? "missing the level: N, +N or -N" : "give one level, not \(values.count)")
            }
            do { return try VolumeChange(parsing: value) } catch { throw ValidationError(error.message) }
        }
    }
}
