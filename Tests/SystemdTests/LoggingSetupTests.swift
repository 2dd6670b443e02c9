import Glibc
import Logging
@testable import Systemd
import Testing

@Suite("Choosing journald or stderr, and the stderr line format")
struct LoggingSetupTests {
    @Test("JOURNAL_STREAM must name the very stream: device and inode of the descriptor")
    func journalStreamRule() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove("stream") }
        let fd = open(directory.path + "/stream", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        var info = stat()
        #expect(fstat(fd, &info) == 0)
        let device = UInt64(info.st_dev), inode = UInt64(info.st_ino)
        #expect(JournalLogHandler.isConnectedToJournal(fd: fd, journalStream: "\(device):\(inode)"))
        for other in ["\(device):\(inode + 1)", "\(device + 1):\(inode)", "\(device)", "\(device):\(inode):0",
                      "x:\(inode)", "", "\(device) :\(inode)"] {
            #expect(!JournalLogHandler.isConnectedToJournal(fd: fd, journalStream: other), "\(other)")
        }
        #expect(!JournalLogHandler.isConnectedToJournal(fd: fd, journalStream: nil))
        #expect(!JournalLogHandler.isConnectedToJournal(fd: -1, journalStream: "\(device):\(inode)"))
    }

    @Test("isStderrConnectedToJournal and bootstrap read the real stderr and JOURNAL_STREAM")
    func bootstrapChoosesJournal() async {
        // A child process: JOURNAL_STREAM is process-wide and bootstrap runs once per process.
        await #expect(processExitsWith: .success) {
            var info = stat()
            #expect(fstat(STDERR_FILENO, &info) == 0)
            setEnvironment("JOURNAL_STREAM", "\(UInt64(info.st_dev)):\(UInt64(info.st_ino) &+ 1)")
            #expect(!JournalLogHandler.isStderrConnectedToJournal())
            setEnvironment("JOURNAL_STREAM", "\(UInt64(info.st_dev)):\(UInt64(info.st_ino))")
            #expect(JournalLogHandler.isStderrConnectedToJournal())
            LoggingSetup.bootstrap(level: .notice)
            let logger = Logger(label: "winddownd.test")
            #expect(logger.handler is JournalLogHandler)
            #expect(logger.logLevel == .notice)
        }
    }

    @Test("without JOURNAL_STREAM, bootstrap installs the stderr handler")
    func bootstrapChoosesStderr() async {
        await #expect(processExitsWith: .success) {
            setEnvironment("JOURNAL_STREAM", nil)
            LoggingSetup.bootstrap(level: .debug)
            let logger = Logger(label: "winddownd.test")
            #expect(logger.handler is StderrLogHandler)
            #expect(logger.logLevel == .debug)
        }
    }

    @Test("stderr lines: UTC time, level, label, message, sorted key=value, quoted when needed")
    func stderrFormat() {
        let event = LogEvent(
            level: .info, message: "session started", metadata: nil, source: nil, file: "f", function: "g", line: 1)
        // 2026-11-25T22:30:00Z
        let line = StderrLogHandler.format(
            event: event, label: "winddownd", metadata: ["step": "4", "routine": "foot-massage", "title": "Left toes", "empty": ""],
            secondsSinceEpoch: 1_795_645_800)
        #expect(line == #"2026-11-25T22:30:00Z info winddownd: session started empty="" routine=foot-massage step=4 title="Left toes""#)
    }

    @Test("timestamps", arguments: [(0, "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"), (1_795_645_809, "2026-11-25T22:30:09Z")])
    func timestamps(seconds: Int, text: String) {
        #expect(StderrLogHandler.timestamp(seconds) == text)
    }

    @Test("quoting", arguments: [("plain", "plain"), ("a b", #""a b""#), (#"say "hi""#, #""say \"hi\"""#), ("x\ny", #""x\ny""#), ("k=v", #""k=v""#)])
    func quoting(value: String, rendered: String) {
        #expect(StderrLogHandler.quoted(value) == rendered)
    }

    @Test("makeHandler builds the chosen handler at the given level")
    func makeHandler() {
        let journal = LoggingSetup.makeHandler(label: "a", level: .warning, journal: true)
        let stderr = LoggingSetup.makeHandler(label: "b", level: .trace, journal: false)
        #expect((journal as? JournalLogHandler)?.label == "a" && journal.logLevel == .warning)
        #expect((stderr as? StderrLogHandler)?.label == "b" && stderr.logLevel == .trace)
    }
}
