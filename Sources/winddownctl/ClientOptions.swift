import ArgumentParser
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
    var socketPath: String {
        var environment: [String: String] = [:]
        for name in ["WINDDOWN_SOCKET", "XDG_RUNTIME_DIR"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return ControlSocketPath.forClient(
            flag: socket, environment: environment, isRoot: geteuid() == 0,
            exists: { path in
                var info = stat()
                return stat(path, &info) == 0
            })
    }
}
