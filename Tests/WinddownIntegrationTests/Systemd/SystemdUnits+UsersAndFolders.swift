import Foundation
import Testing

extension SystemdUnits {
    @Suite("sysusers.d and tmpfiles.d")
    struct UsersAndFoldersTests {
        @Test(
            "sysusers.d: a dry run on an empty root would create user winddown",
            .enabled(if: tool("systemd-sysusers") != nil), .timeLimit(.minutes(1)))
        func sysusersDryRun() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let root = try Self.emptyRoot(in: units)
            let sysusers = try #require(tool("systemd-sysusers"))
            let result = try await run(
                sysusers, ["--dry-run", "--root=\(root.path)", units.sysusers.path],
                environment: ["SYSTEMD_LOG_LEVEL": "info", "SYSTEMD_COLORS": "0"], logsIn: units.folder.url)
            #expect(result.exitedCleanly, "\(result)")
            #expect((result.stdout + result.stderr).contains("Creating user 'winddown'"), "\(result)")
        }

        /// Applies both entries to a scratch root, as a package's postinst
        /// would, and holds the folders against the unit's *DirectoryMode=.
        @Test(
            "sysusers.d + tmpfiles.d on a scratch root: user, group audio, folders with the unit's modes",
            .enabled(if: getuid() == 0 && tool("systemd-sysusers") != nil && tool("systemd-tmpfiles") != nil, "needs root"),
            .timeLimit(.minutes(1)))
        func appliedToScratchRoot() async throws {
            let units = try await InstalledUnits()
            defer { units.remove() }
            let root = try Self.emptyRoot(in: units)
            let quiet: [String: String?] = ["SYSTEMD_LOG_LEVEL": "warning", "SYSTEMD_COLORS": "0"]
            let sysusersTool = try #require(tool("systemd-sysusers"))
            let tmpfilesTool = try #require(tool("systemd-tmpfiles"))
            let sysusers = try await run(
                sysusersTool, ["--root=\(root.path)", units.sysusers.path],
                environment: quiet, logsIn: units.folder.url)
            #expect(sysusers.exitedCleanly && sysusers.stderr.isEmpty, "\(sysusers)")
            let tmpfiles = try await run(
                tmpfilesTool, ["--root=\(root.path)", "--create", units.tmpfiles.path],
                environment: quiet, logsIn: units.folder.url)
            #expect(tmpfiles.exitedCleanly && tmpfiles.stderr.isEmpty, "\(tmpfiles)")

            let passwd = try Self.database(root.appendingPathComponent("etc/passwd"))
            let group = try Self.database(root.appendingPathComponent("etc/group"))
            let user = try #require(passwd["winddown"], "no user winddown in \(passwd.keys)")
            #expect(user[5] == "/var/lib/winddown" && user[6] == "/usr/sbin/nologin", "\(user)")
            let uid = try #require(UInt32(user[2]))
            let winddownGroup = try #require(group["winddown"], "no group winddown")
            let gid = try #require(UInt32(winddownGroup[2]))
            #expect(UInt32(user[3]) == gid, "the user's primary group is not winddown: \(user)")
            let audioMembers = (group["audio"]?[3] ?? "").split(separator: ",")
            #expect(audioMembers.contains("winddown"), "winddown is not in group audio: \(group["audio"] ?? [])")

            let folders: [(path: String, key: String?, owner: UInt32, group: UInt32)] = [
                ("etc/winddown", nil, 0, 0),
                ("var/lib/winddown", "StateDirectoryMode", uid, gid),
                ("var/cache/winddown", "CacheDirectoryMode", uid, gid),
                ("run/winddown", "RuntimeDirectoryMode", uid, gid),
            ]
            for folder in folders {
                var info = stat()
                let path = root.appendingPathComponent(folder.path).path
                try #require(stat(path, &info) == 0, "tmpfiles did not create /\(folder.path)")
                let mode = String(info.st_mode & 0o7777, radix: 8)
                let want = try folder.key.map { try InstalledUnits.setting($0, in: units.systemService) ?? "none" } ?? "0755"
                #expect("0" + mode == want, "/\(folder.path): mode 0\(mode), the unit says \(folder.key ?? "") \(want)")
                #expect(info.st_uid == folder.owner && info.st_gid == folder.group, "/\(folder.path): owned \(info.st_uid):\(info.st_gid)")
            }
            #expect(
                try InstalledUnits.setting("DirectoryMode", in: units.systemSocket)
                    == InstalledUnits.setting("RuntimeDirectoryMode", in: units.systemService),
                "the socket's DirectoryMode= differs from the service's RuntimeDirectoryMode=")
        }

        static func emptyRoot(in units: InstalledUnits) throws -> URL {
            let root = units.folder.file("root")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
            return root
        }

        /// name → fields of an /etc/passwd or /etc/group file.
        static func database(_ file: URL) throws -> [String: [String]] {
            let text = try String(contentsOf: file, encoding: .utf8)
            var entries: [String: [String]] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                if let name = fields.first { entries[name] = fields }
            }
            return entries
        }
    }
}
