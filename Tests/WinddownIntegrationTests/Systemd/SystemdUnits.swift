import Foundation
import Testing

/// Checks of `systemd/` with systemd's own offline tools: the units as
/// `scripts/install-units.sh` installs them, `systemd-analyze verify` and
/// `security --offline=true`, and the sysusers.d and tmpfiles.d entries
/// applied to a scratch root. No systemd needs to run.
@Suite("systemd units", .enabled(if: tool("systemd-analyze") != nil, "needs systemd-analyze (Debian's systemd)"))
struct SystemdUnits {}

/// The units and entries installed by `scripts/install-units.sh PREFIX
/// DESTDIR` into a test folder: PREFIX is a folder whose `bin/winddownd`
/// links to the built daemon, so every ExecStart= names a real executable.
struct InstalledUnits {
    let folder: TemporaryDirectory
    let prefix: URL
    let destination: URL

    init() async throws {
        folder = try TemporaryDirectory("units")
        prefix = folder.file("prefix")
        destination = folder.file("destdir")
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent("winddownd"), withDestinationURL: try Paths.daemon())
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent("winddown-mqtt"),
            withDestinationURL: try Paths.daemon().deletingLastPathComponent().appendingPathComponent("winddown-mqtt"))
        for bridge in ["winddown-web", "winddown-mpris"] {
            try FileManager.default.createSymbolicLink(
                at: bin.appendingPathComponent(bridge),
                withDestinationURL: try Paths.daemon().deletingLastPathComponent().appendingPathComponent(bridge))
        }
        let script = Paths.repositoryRoot.appendingPathComponent("scripts/install-units.sh")
        let result = try await run(script, [prefix.path, destination.path], logsIn: folder.url, timeout: .seconds(30))
        guard result.exitedCleanly else { throw InstallFailed(result: result) }
    }

    struct InstallFailed: Error, CustomStringConvertible {
        let result: ProcessResult
        var description: String { "scripts/install-units.sh failed: \(result)" }
    }

    /// `PREFIX/lib/…` under DESTDIR: where the script puts everything for a
    /// PREFIX other than /usr.
    private func installed(_ path: String) -> URL {
        destination.appendingPathComponent(String(prefix.path.dropFirst())).appendingPathComponent("lib/\(path)")
    }

    var systemService: URL { installed("systemd/system/winddownd.service") }
    var systemSocket: URL { installed("systemd/system/winddownd.socket") }
    var mqttService: URL { installed("systemd/system/winddown-mqtt.service") }
    var webService: URL { installed("systemd/system/winddown-web.service") }
    var userService: URL { installed("systemd/user/winddownd.service") }
    var userSocket: URL { installed("systemd/user/winddownd.socket") }
    var mprisService: URL { installed("systemd/user/winddown-mpris.service") }
    /// The session bus's activation file, under PREFIX/share.
    var mprisActivation: URL {
        destination.appendingPathComponent(String(prefix.path.dropFirst()))
            .appendingPathComponent("share/dbus-1/services/org.mpris.MediaPlayer2.winddown.service")
    }
    var sysusers: URL { installed("sysusers.d/winddown.conf") }
    var tmpfiles: URL { installed("tmpfiles.d/winddown.conf") }

    func remove() { folder.remove() }

    /// Runs `systemd-analyze ARGUMENTS` with colours off and at most warnings
    /// logged; `user` gives it a runtime folder of its own, as `--user` needs.
    func analyze(_ arguments: [String], user: Bool = false) async throws -> ProcessResult {
        var environment: [String: String?] = [
            "SYSTEMD_LOG_LEVEL": "warning", "SYSTEMD_COLORS": "0", "SYSTEMD_PAGER": "cat", "LANG": "C.UTF-8",
        ]
        if user {
            let runtime = folder.file("xdg-runtime")
            try FileManager.default.createDirectory(
                at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            environment["XDG_RUNTIME_DIR"] = runtime.path
        }
        let analyze = try #require(tool("systemd-analyze"))
        return try await run(analyze, arguments, environment: environment, logsIn: folder.url, timeout: .seconds(60))
    }

    /// The value of the last `key=` line of a unit file.
    static func setting(_ key: String, in unit: URL) throws -> String? {
        let text = try String(contentsOf: unit, encoding: .utf8)
        return text.split(separator: "\n").last { $0.hasPrefix("\(key)=") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
