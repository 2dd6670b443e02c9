#if canImport(Glibc)
    import Glibc
#endif
import WinddownCore

/// What every client program of the daemon (`winddownctl` and the bridges)
/// asks of the machine it runs on, in one place.
public enum ClientProcess {
    /// `--socket`, `WINDDOWN_SOCKET`, or the socket a client finds by default
    /// (the user service's when it exists, else the system one).
    public static func socketPath(flag: String?) -> String {
        ControlSocketPath.forClient(
            flag: flag, environment: ProcessEnvironment.current, isRoot: geteuid() == 0,
            exists: { access($0, F_OK) == 0 })
    }

    /// The machine's host name, or `fallback` when it cannot be read.
    public static func hostName(fallback: String) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return fallback }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Exit status 78 (EX_CONFIG): a setting to fix, not a crash to restart after.
    public static let configurationExitStatus: Int32 = 78

    /// `PROGRAM: message` on stderr, written at once (stderr may be a pipe).
    public static func report(_ program: String, _ message: String) {
        var text = program + ": " + message + "\n"
        text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
