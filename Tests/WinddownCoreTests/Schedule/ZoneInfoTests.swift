#if canImport(Glibc)
    import Glibc
#endif
import Testing
import WinddownCore

@Suite("Loading zones from the system")
struct ZoneInfoTests {
    @Test("names that could leave the zoneinfo folder are refused", arguments: [
        "../../etc/passwd", "/etc/localtime", "Europe/../../../etc/passwd", "", "Europe//Berlin",
    ])
    func refusedNames(name: String) {
        #expect(throws: ZoneRulesError("\"\(name)\" is not a time zone name such as \"Europe/Berlin\"", code: .unknownZone)) {
            try ZoneInfo.rules(named: name)
        }
    }

    @Test("a zone that is not there, or a region folder", arguments: ["Mars/Base", "Europe", "Europe/Nowhere"])
    func unknown(name: String) {
        #expect(throws: ZoneRulesError("unknown time zone \"\(name)\"", code: .unknownZone)) { try ZoneInfo.rules(named: name) }
    }

    @Test("TZ picks the zone", arguments: [
        (":Europe/Berlin", "Europe/Berlin", 3600),
        ("Asia/Tokyo", "Asia/Tokyo", 32400),
        ("/usr/share/zoneinfo/Asia/Kolkata", "Asia/Kolkata", 19800),
        ("<+0530>-5:30", "<+0530>-5:30", 19800),
        ("", "UTC", 0),
        (":", "UTC", 0),
        ("Mars/Base", "UTC", 0),
    ] as [(String, String, Int)])
    func environment(value: String, name: String, offset: Int) {
        let found = ZoneInfo.systemZone(environment: ["TZ": value])
        #expect(found.name == name)
        #expect(found.rules.utcOffset(at: epoch("2026-01-15T00:00:00Z")) == offset)
    }

    @Test("without TZ: /etc/localtime named by its link, else by /etc/timezone")
    func localtime() throws {
        var template = Array("/tmp/winddown-zone-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
        let folder = try #require(made)
        defer {
            for name in ["localtime", "copy", "timezone"] { unlink(folder + "/" + name) }
            rmdir(folder)
        }
        #expect(symlink("/usr/share/zoneinfo/Australia/Lord_Howe", folder + "/localtime") == 0)
        let linked = ZoneInfo.systemZone(environment: [:], localtime: folder + "/localtime", timezoneFile: "/nonexistent")
        #expect(linked.name == "Australia/Lord_Howe")
        #expect(linked.rules == (try zone("Australia/Lord_Howe")))
        // TZ naming a link outside the zoneinfo folder takes the link's name too.
        #expect(ZoneInfo.systemZone(environment: ["TZ": folder + "/localtime"]).name == "Australia/Lord_Howe")

        // A copied file has no name of its own; /etc/timezone gives it.
        let bytes = try FileSystem.contents(of: "/usr/share/zoneinfo/America/New_York", limit: FileSystem.Limit.zone)
        #expect(write(file: folder + "/copy", bytes))
        #expect(write(file: folder + "/timezone", Array("America/New_York\n".utf8)))
        let copied = ZoneInfo.systemZone(environment: [:], localtime: folder + "/copy", timezoneFile: folder + "/timezone")
        #expect(copied.name == "America/New_York")
        #expect(copied.rules.utcOffset(at: epoch("2026-01-15T00:00:00Z")) == -18000)

        let nothing = ZoneInfo.systemZone(environment: [:], localtime: folder + "/absent", timezoneFile: folder + "/timezone")
        #expect(nothing.name == "UTC")
        #expect(nothing.rules == ZoneRules.utc)
    }

    @Test("this machine's zone loads")
    func thisMachine() {
        let found = ZoneInfo.systemZone(environment: [:])
        #expect(!found.name.isEmpty)
    }

    private func write(file path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count
    }
}
