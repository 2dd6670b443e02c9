import ArgumentParser
import WinddownCore

/// The command-line client of winddownd's control socket.
@main
struct Winddownctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddownctl",
        abstract: "Control the winddown daemon over its control socket.",
        discussion: """
            Exit status: 0 on success, 1 when the daemon refuses the request, \
            2 when the daemon cannot be reached.
            """,
        version: WinddownVersion.current,
        subcommands: [
            Ping.self, Status.self, Watch.self, Start.self, Stop.self, Pause.self, Resume.self, Hold.self, Skip.self, Extend.self,
            Volume.self, Next.self, Snooze.self, Schedule.self, History.self, Reload.self,
        ])

    /// interface.md writes `winddownctl --socket PATH status`: the shared
    /// options may come before the subcommand as well as after it.
    static func main() {
        main(GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst())))
    }
}

/// The options every subcommand shares, as written before the subcommand.
enum GlobalOptions {
    /// `--socket PATH`, `--socket=PATH` and `--json` found before the first
    /// other word are moved after it, where the subcommand reads them.
    static func movedAfterSubcommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--json" || word.hasPrefix("--socket=") {
                leading.append(word)
                index += 1
            } else if word == "--socket", index + 1 < arguments.count {
                leading += [word, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        return [arguments[index]] + Array(arguments[(index + 1)...]) + leading
    }
}
