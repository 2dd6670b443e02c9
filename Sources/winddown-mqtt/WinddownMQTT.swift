#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import ControlLink
import Logging
import Systemd
import WinddownCore

/// `winddown-mqtt`: winddown as a device in Home Assistant, through its MQTT
/// discovery. A bridge (as mpDris2 is for MPD): it talks to the broker on
/// one side and to the daemon's control socket on the other, so the daemon
/// itself never holds a network connection.
@main
struct WinddownMQTT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddown-mqtt",
        abstract: "Shows winddown in Home Assistant through MQTT discovery, and carries its commands to the daemon.",
        discussion: "Reads [mqtt] from the same configuration file as winddownd (mqtt.broker must be set).",
        version: WinddownVersion.current)

    @Option(help: "Configuration file (default: /etc/winddown/winddown.toml for root, else $XDG_CONFIG_HOME/winddown/winddown.toml; env WINDDOWN_CONFIG).")
    var config: String?

    @Option(help: "The daemon's control socket (env WINDDOWN_SOCKET).")
    var socket: String?

    @Flag(help: "Log debug detail.")
    var verbose = false

    func run() throws {
        // Before any other thread exists, so that the signals reach only the loop.
        let signals: SignalFile
        do { signals = try SignalFile() } catch { throw fail(error.description) }
        LoggingSetup.bootstrap(level: verbose ? .debug : .info)
        let logger = Logger(label: "winddown-mqtt")
        let locator = ConfigurationLocator(flag: config)
        let loaded: (configuration: Configuration, path: String?)
        do { loaded = try locator.load() } catch { throw fail("invalid configuration:\n\(error.description)") }
        let settings: BridgeSettings
        do {
            settings = try BridgeSettings(
                configuration: loaded.configuration, file: loaded.path ?? locator.path, socketPath: socketPath)
        } catch {
            throw fail(error.description)
        }
        var loop: BridgeLoop
        do { loop = try BridgeLoop(settings: settings, signals: signals, logger: logger) } catch { throw fail(error.description) }
        loop.run()
    }

    private var socketPath: String { ClientProcess.socketPath(flag: socket) }

    /// The message on stderr and exit status 78 (EX_CONFIG): a setting to fix, not a crash to restart after.
    private func fail(_ message: String) -> ExitCode {
        ClientProcess.report("winddown-mqtt", message)
        return ExitCode(ClientProcess.configurationExitStatus)
    }
}
