import ArgumentParser
import WinddownCore

/// The winddown daemon and its offline tools.
@main
struct Winddownd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddownd",
        abstract: "Bedtime ambience: guided wind-down sessions over quiet sleep sounds, played through ALSA.",
        discussion: """
            Without a subcommand, winddownd is the service (serve): systemd starts it as \
            winddownd.service, or when winddownctl first connects to winddownd.socket, and it plays \
            the nightly session and whatever winddownctl asks for. The other subcommands need no \
            running daemon: render writes a session to a WAV file, play plays one now, check-config \
            and check-audio check the settings and the sound card. The settings are described in \
            winddown.toml(5).
            """,
        version: WinddownVersion.current,
        subcommands: [Serve.self, Render.self, Play.self, CheckConfig.self, CheckAudio.self, PrepareVoice.self],
        defaultSubcommand: Serve.self)
}
