#if canImport(Glibc)
    import Glibc
#endif
import Testing

@testable import WinddownCore

@Suite("reading files the user names")
struct FileReadTests {
    @Test("devices, FIFOs and folders are refused by kind, at once")
    func notRegular() throws {
        #expect(throws: FileSystem.ReadError.notRegular(kind: "a character device")) {
            try FileSystem.contents(of: "/dev/zero", limit: 1 << 20)
        }
        #expect(throws: FileSystem.ReadError.folder) { try FileSystem.contents(of: "/tmp", limit: 1 << 20) }
        #expect(throws: FileSystem.ReadError.missing) { try FileSystem.contents(of: "/nonexistent/x", limit: 10) }
        let fifo = "/tmp/winddown-fifo-\(getpid())"
        mkfifo(fifo, 0o600)
        defer { unlink(fifo) }
        // Nobody writes to it: an open that waited would hang here.
        #expect(throws: FileSystem.ReadError.notRegular(kind: "a FIFO")) { try FileSystem.contents(of: fifo, limit: 10) }
    }

    @Test("a file over the cap is refused, one at the cap is read")
    func sizeCap() throws {
        let path = "/tmp/winddown-cap-\(getpid())"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = [UInt8](repeating: 0x41, count: 100).withUnsafeBytes { write(fd, $0.baseAddress, 100) }
        close(fd)
        defer { unlink(path) }
        #expect(try FileSystem.contents(of: path, limit: 100).count == 100)
        #expect(throws: FileSystem.ReadError.tooLarge(limit: 99)) { try FileSystem.contents(of: path, limit: 99) }
    }

    @Test("a configuration or routine that is a device says so, with the path")
    func loaders() {
        #expect { try Configuration.load(path: "/dev/zero") } throws: { error in
            "\(error)".contains("/dev/zero") && "\(error)".contains("character device")
        }
        #expect { try Routine.load(path: "/dev/zero") } throws: { error in "\(error)".contains("character device") }
    }

    @Test("long lists of problems are cut to a count")
    func cappedProblems() {
        let lines = (1...50_000).map { "problem \($0)" }
        let shown = ProblemLines.capped(lines)
        #expect(shown.count == ProblemLines.shownAtMost + 1)
        #expect(shown.last == "and 49980 more problems")
        #expect(ProblemLines.capped(["one"]) == ["one"])
    }

    @Test("50,000 unknown tables and a 1 MiB unknown key are diagnosed quickly and briefly")
    func hugeDiagnostics() throws {
        let tables = (1...50_000).map { "[t\($0)]\n" }.joined()
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(tables, file: "t.toml") }
        #expect(error.problems.count == 50_000)
        #expect(error.description.split(separator: "\n").count == ProblemLines.shownAtMost + 1)
        let key = String(repeating: "k", count: 1 << 20)
        let huge = try #require(throws: ConfigurationError.self) { try Configuration.parse("[audio]\n\(key) = 1\n", file: "t.toml") }
        #expect(huge.problems.count == 1 && huge.problems[0].message == "unknown key")
    }
}

@Suite("long keys in messages")
struct LongKeyTests {
    @Test("a huge unknown key is shown by its start and its size")
    func shortened() throws {
        let key = String(repeating: "k", count: 100_000)
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse("\(key) = 1\n", file: "t.toml") }
        #expect(error.description.utf8.count < 200, "\(error.description.prefix(300))")
        #expect(error.description.contains("100000 bytes"))
    }
}
