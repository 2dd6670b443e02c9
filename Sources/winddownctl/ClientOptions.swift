import ArgumentParser
import ControlLink
import WinddownCore

#if canImport(Glibc)
    import Glibc
#endif

/// Options every subcommand takes.
struct ClientOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Control socket (env WINDDOWN_SOCKET).",
            discussion: """
                Default: \(ControlSocketPath.system) for root; otherwise \
                $XDG_RUNTIME_DIR/winddown/control.sock when it exists, else the system socket.
                """),
        completion: .file())
    var socket: String?

    @Flag(help: "Print the daemon's response line as it is (JSON), for scripts.")
    var json = false

    /// The socket to use: `--socket`, `WINDDOWN_SOCKET`, or the default.
    var socketPath: String { ClientProcess.socketPath(flag: socket) }
}
