#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import ControlLink
import Logging
import Systemd
import WinddownCore

/// `winddown-mpris`: winddown as a media player on the desktop (MPRIS), so
/// the media keys and the shell's media controls reach the daemon. A
/// per-user bridge, as mpDris2 is for MPD: a system service is not on the
/// user's session bus, so this small program is, and it talks to the
/// daemon's control socket.
@main
struct WinddownMPRIS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddown-mpris",
        abstract: "Shows winddown to the desktop as an MPRIS media player (media keys, the shell's media controls).",
        discussion: "Owns \(MPRISPlayer.busName) on the session bus (DBUS_SESSION_BUS_ADDRESS) and carries its calls to the daemon.",
        version: WinddownVersion.current)

    @Option(help: "Configuration file, for audio.max_volume (default: /etc/winddown/winddown.toml for root, else $XDG_CONFIG_HOME/winddown/winddown.toml; env WINDDOWN_CONFIG).")
    var config: String?

    @Option(help: "The daemon's control socket (env WINDDOWN_SOCKET; default: the user daemon's when it exists, else the system one).")
    var socket: String?

    @Flag(help: "Log debug detail.")
    var verbose = false

    func run() throws {
        // Before any other thread exists, so that the signals reach only the loop.
        let signals: SignalFile
        do { signals = try SignalFile() } catch { throw fail(error.description) }
        LoggingSetup.bootstrap(level: verbose ? .debug : .info)
        let logger = Logger(label: "winddown-mpris")
        let locator = ConfigurationLocator(flag: config)
        let configuration: Configuration
        do { configuration = try locator.load().configuration } catch { throw fail("invalid configuration:\n\(error.description)") }
        let settings = MPRISPlayer.Settings(
            maximumVolume: configuration.audio.maxVolume, socketPath: ClientProcess.socketPath(flag: socket))
        let loop = MPRISLoop(settings: settings, signals: signals, logger: logger)
        do { try loop.run() } catch {
            ClientProcess.report("winddown-mpris", error.description)
            throw error.nameTaken ? ExitCode(69) : ExitCode.failure
        }
    }

    /// The message on stderr and exit status 78 (EX_CONFIG): a setting to fix, not a crash to restart after.
    private func fail(_ message: String) -> ExitCode {
        ClientProcess.report("winddown-mpris", message)
        return ExitCode(ClientProcess.configurationExitStatus)
    }
}
