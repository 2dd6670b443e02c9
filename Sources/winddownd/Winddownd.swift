import ArgumentParser
import WinddownCore

/// The winddown daemon and its offline tools.
@main
struct Winddownd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddownd",
        abstract: "Bedtime ambience: guided wind-down sessions over quiet sleep sounds, played through ALSA.",
        version: WinddownVersion.current,
        subcommands: [Serve.self, Render.self, Play.self, CheckConfig.self, CheckAudio.self, PrepareVoice.self],
        defaultSubcommand: Serve.self)
}
