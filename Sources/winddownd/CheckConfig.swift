import ArgumentParser
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct CheckConfig: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validate the configuration: prints ok, or one line per problem and exits non-zero.")

        @OptionGroup var options: CommonOptions

        func run() throws {
            let locator = ConfigurationLocator(flag: options.config)
            let problems: [String]
            do {
                let (configuration, path) = try locator.load()
                problems = ConfigurationCheck.problems(in: configuration, file: path ?? "built-in defaults")
            } catch {
                problems = error.problems.map(\.description)
            }
            if problems.isEmpty {
                print("ok")
                return
            }
            for line in ProblemLines.capped(problems) { print(line) }
            throw ExitCode(1)
        }
    }
}
