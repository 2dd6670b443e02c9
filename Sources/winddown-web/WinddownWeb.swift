#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import ControlLink
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Systemd
import WinddownCore

/// `winddown-web`: the control page for a phone and a JSON API, as a
/// bridge to the daemon's control socket (the daemon has no HTTP code).
@main
struct WinddownWeb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winddown-web",
        abstract: "Serves winddown's control page for a phone, and a JSON API, over the daemon's control socket.",
        discussion: "Reads [web] from the same configuration file as winddownd. Every request needs the token in web.token_file.",
        version: WinddownVersion.current)

    @Option(help: "Configuration file (default: /etc/winddown/winddown.toml for root, else $XDG_CONFIG_HOME/winddown/winddown.toml; env WINDDOWN_CONFIG).")
    var config: String?

    @Option(help: "The daemon's control socket (env WINDDOWN_SOCKET).")
    var socket: String?

    @Option(name: .customLong("state-dir"), help: "Where web-token is kept unless web.token_file says otherwise (default: the daemon's state folder).")
    var stateDir: String?

    @Flag(help: "Also print the page's address as a QR code in the terminal, for a phone's camera (needs qrencode).")
    var qr = false

    @Flag(help: "Log debug detail.")
    var verbose = false

    func run() async throws {
        LoggingSetup.bootstrap(level: verbose ? .debug : .info)
        let logger = Logger(label: "winddown-web")
        let locator = ConfigurationLocator(flag: config)
        let loaded: (configuration: Configuration, path: String?)
        do { loaded = try locator.load() } catch { throw fail("invalid configuration:\n\(error.description)") }
        let settings: WebSettings
        do {
            settings = try WebSettings(
                configuration: loaded.configuration, socketPath: socketPath, stateFolder: StateDirectory.path(flag: stateDir))
        } catch {
            throw fail(error.description)
        }
        let link: DaemonLink
        do { link = try DaemonLink(path: settings.socketPath) } catch { throw fail("\(error)") }
        defer { link.stop() }

        let router = Router()
        router.add(middleware: AccessMiddleware(token: settings.token, logger: logger))
        WebRoutes(link: link, configuration: loaded.configuration, routines: RoutineLibrary.standard().availableNames(), logger: logger)
            .add(to: router)
        // One event loop: a page for a few phones needs no more, and each loop is a thread that may wake.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let address = settings.listen
        let url = settings.pageURL
        let qr = self.qr
        let server = WebServer(router: router, address: address, eventLoopGroup: group, logger: logger) {
            if settings.createdToken { logger.notice("made a new access token in \(settings.tokenFile) (mode 0600)") }
            if let exposure = WebSettings.exposure(of: settings.tokenFile) { logger.warning("\(exposure)") }
            if !address.isLoopback {
                logger.notice("listening on \(address): anyone on this network who has the token can steer winddown")
            }
            logger.notice("open \(url) on your phone")
            if qr { QRCode.print(url, logger: logger) }
            _ = try? ServiceNotifier().ready(status: "serving on \(address)")
        }
        do {
            try await server.run()
        } catch let error as IOError {
            try? await group.shutdownGracefully()
            throw fail("cannot listen on \(address): \(error)")
        }
        try? await group.shutdownGracefully()
    }

    private var socketPath: String { ClientProcess.socketPath(flag: socket) }

    /// The message on stderr and exit status 78 (EX_CONFIG): a setting to fix, not a crash to restart after.
    private func fail(_ message: String) -> ExitCode {
        ClientProcess.report("winddown-web", message)
        return ExitCode(ClientProcess.configurationExitStatus)
    }
}
