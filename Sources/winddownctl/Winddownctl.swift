import ArgumentParser

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
        subcommands: [
            Ping.self, Status.self, Watch.self, Start.self, Stop.self, Pause.self, Resume.self, Skip.self,
            Volume.self, Next.self, Snooze.self, Schedule.self, History.self, Reload.self,
        ])
}
