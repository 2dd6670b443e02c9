import Logging
@testable import Systemd
import Testing

@Suite("Journal fields built from a swift-log record")
struct JournalFieldsTests {
    static func event(
        _ level: Logger.Level = .info, _ message: Logger.Message = "step started", error: (any Error)? = nil
    ) -> LogEvent {
        LogEvent(
            level: level, message: message, error: error, metadata: nil, source: "WinddownDaemon",
            file: "WinddownDaemon/Session.swift", function: "advance()", line: 42)
    }

    @Test("the fixed fields, then metadata keys upper-cased in key order")
    func fields() {
        let fields = JournalFields.fields(
            for: Self.event(), label: "winddownd.session",
            metadata: ["step": "4", "session": "7f3a", "routine": .string("foot-massage")])
        #expect(fields == [
            "MESSAGE=step started",
            "PRIORITY=6",
            "SYSLOG_IDENTIFIER=winddownd",
            "CODE_FILE=WinddownDaemon/Session.swift",
            "CODE_LINE=42",
            "CODE_FUNC=advance()",
            "WINDDOWN_LABEL=winddownd.session",
            "ROUTINE=foot-massage",
            "SESSION=7f3a",
            "STEP=4",
        ])
    }

    @Test("values are flattened to strings; a multi-line message stays whole")
    func flattening() {
        struct Failure: Error, CustomStringConvertible { var description: String { "device busy" } }
        let fields = JournalFields.fields(
            for: Self.event(.error, "first line\nsecond line", error: Failure()), label: "l",
            metadata: ["volume": .stringConvertible(20), "tags": ["a", "b"]])
        #expect(fields.first == "MESSAGE=first line\nsecond line")
        #expect(fields.contains("WINDDOWN_ERROR=device busy"))
        #expect(fields.contains("VOLUME=20"))
        #expect(fields.contains(#"TAGS=["a", "b"]"#))  // swift-log's own rendering
    }

    @Test("swift-log levels map to syslog priorities", arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priorities(level: Logger.Level, priority: Int) {
        #expect(JournalFields.priority(level) == priority)
        #expect(JournalFields.fields(for: Self.event(level), label: "l", metadata: [:])[1] == "PRIORITY=\(priority)")
    }

    @Test("metadata keys become field names journald accepts", arguments: [
        ("session", "SESSION"),
        ("step", "STEP"),
        ("step.index", "STEP_INDEX"),
        ("hook-exit", "HOOK_EXIT"),
        ("_private", "PRIVATE"),
        ("__x", "X"),
        ("2nd", "WINDDOWN_2ND"),
        ("_", "WINDDOWN_FIELD"),
        ("", "WINDDOWN_FIELD"),
        ("lautstärke", "LAUTST_RKE"),
        ("message", "WINDDOWN_MESSAGE"),
        ("priority", "WINDDOWN_PRIORITY"),
        ("code_line", "WINDDOWN_CODE_LINE"),
        (String(repeating: "k", count: 80), String(repeating: "K", count: 64)),
    ])
    func fieldNames(key: String, name: String) {
        #expect(JournalFields.fieldName(key) == name)
    }
}
