import ArgumentParser
import WinddownCore

extension Winddownctl {
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show when the next session is scheduled.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.next, show: .nextRun(otherwise: "no next run reported")) }
    }

    struct Snooze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Skip the next scheduled session only.")
        @OptionGroup var options: ClientOptions

        func run() throws { try ControlClient(options).send(.snooze, show: .nextRun(otherwise: "the next run is skipped")) }
    }

    struct Schedule: ParsableCommand {
        enum Setting: String, ExpressibleByArgument, CaseIterable {
            case on, off
        }

        static let configuration = CommandConfiguration(
            abstract: "Turn the nightly schedule on or off (kept across restarts).")
        @OptionGroup var options: ClientOptions

        @Argument(help: "on or off.")
        var setting: Setting

        func run() throws { try ControlClient(options).send(
                .schedule(enabled: setting == .on),
                show: .nextRun(otherwise: setting == .on ? "schedule on" : "schedule off")) }
    }
}
