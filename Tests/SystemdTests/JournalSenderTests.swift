import Glibc
import Logging
import Synchronization
@testable import Systemd
import Testing

@Suite("Sending to the journal without ever blocking the logger")
struct JournalSenderTests {
    @Test("a stalled journal: log calls return at once, the overflow is dropped, counted and reported", .timeLimit(.minutes(1)))
    func stalledJournal() {
        let gate = TestSemaphore()
        let entered = TestSemaphore()
        let received = Mutex<[[String]]>([])
        let sender = JournalSender(capacity: 4) { fields throws(SystemdError) in
            received.withLock { $0.append(fields) }
            if fields.first == "MESSAGE=first" {
                entered.signal()
                gate.wait()  // journald stuck
            }
        }
        let logger = Logger(label: "test") { JournalLogHandler(label: $0, logLevel: .info, metadataProvider: nil, sender: sender) }
        logger.info("first")
        entered.wait()  // the writer is now inside the stuck send
        for index in 1...9 { logger.info("queued \(index)") }  // 4 fit, 5 are dropped; none of these waits
        #expect(sender.statistics.dropped == 5)
        gate.signal()
        #expect(sender.flush(timeout: .seconds(10)))
        let statistics = sender.statistics
        #expect(statistics.sent == 1 + 4 + 1)  // first, the four queued, the drop note
        #expect(statistics.failed == 0)
        let messages = received.withLock { $0.map { $0[0] } }
        #expect(messages == [
            "MESSAGE=first", "MESSAGE=queued 1", "MESSAGE=queued 2", "MESSAGE=queued 3", "MESSAGE=queued 4",
            "MESSAGE=journald did not keep up: 5 log entries dropped",
        ])
    }

    @Test("a send libsystemd refuses is counted with its error; the next one goes on")
    func refusedSend() {
        let sender = JournalSender(capacity: 8) { fields throws(SystemdError) in
            if fields.isEmpty { throw SystemdError(code: -EINVAL, call: "sd_journal_sendv") }
        }
        sender.enqueue([])
        sender.enqueue(["MESSAGE=fine"])
        #expect(sender.flush(timeout: .seconds(10)))
        #expect(sender.statistics == .init(sent: 1, dropped: 0, failed: 1, lastError: SystemdError(code: -EINVAL, call: "sd_journal_sendv")))
    }

    @Test("the real sd_journal_sendv with no journald here: no crash, every entry accounted for")
    func realSendWithoutJournal() {
        let sender = JournalSender(capacity: 64)
        let logger = Logger(label: "test") { JournalLogHandler(label: $0, logLevel: .debug, metadataProvider: nil, sender: sender) }
        for index in 0..<20 { logger.debug("entry \(index)", metadata: ["session": "s\(index)"]) }
        #expect(sender.flush(timeout: .seconds(10)))
        let statistics = sender.statistics
        #expect(statistics.sent + statistics.failed == 20)
        #expect(statistics.dropped == 0)
    }

    @Test("sd_journal_sendv refuses a field without '=' with a typed EINVAL")
    func invalidField() {
        #expect(throws: SystemdError(code: -EINVAL, call: "sd_journal_sendv")) {
            try Journal.send(["MESSAGE=ok", "no equals sign"])
        }
    }

    @Test("handler metadata, then the provider's, then the call's; later wins")
    func metadataMerge() {
        var handler = JournalLogHandler(
            label: "l", logLevel: .info,
            metadataProvider: Logger.MetadataProvider { ["routine": "provided", "step": "1"] },
            sender: JournalSender(capacity: 1) { _ throws(SystemdError) in })
        handler[metadataKey: "routine"] = "handler"
        handler[metadataKey: "session"] = "s1"
        #expect(handler.mergedMetadata(["step": "2"]) == ["routine": "provided", "session": "s1", "step": "2"])
    }
}

/// A semaphore for the test's own hand-offs with the writer thread.
final class TestSemaphore: @unchecked Sendable {
    private var handle = sem_t()
    init() { sem_init(&handle, 0, 0) }
    deinit { sem_destroy(&handle) }
    func signal() { sem_post(&handle) }
    func wait() { while sem_wait(&handle) != 0 && errno == EINTR {} }
}
