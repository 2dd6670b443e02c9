import ArgumentParser
import WinddownCore

extension Winddownctl {
    struct Ping: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check that winddownd is running and answering.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.ping, show: .confirmation("winddownd is running")) }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the session state, current step, progress, time left and the next run.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.status, show: .status) }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow the session live on one line until it ends (Ctrl-C to leave).")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).watch() }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the last sessions, newest first, and the streak of completed nights.")
        @OptionGroup var options: ClientOptions

        @Argument(help: "How many sessions to list (1 to \(ControlRequest.maximumHistoryLimit)).")
        var count: Int = ControlRequest.defaultHistoryLimit

        func validate() throws {
            guard count >= 1 else { throw ValidationError("the count must be at least 1") }
        }

        func run() throws {
            let limit = min(count, ControlRequest.maximumHistoryLimit)
            // People also get the streak, which may reach further back than
            // the rows shown; scripts get exactly what they asked for.
            let asked = options.json ? limit : ControlRequest.maximumHistoryLimit
            try ControlClient(options).send(.history(limit: asked), show: .history(limit: limit))
        }
    }

    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-read the configuration (as SIGHUP does); an invalid one is refused and the old one kept.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.reload, show: .confirmation("configuration reloaded")) }
    }
}
