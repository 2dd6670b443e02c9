extension ControlRequest {
    /// Reads one request line: its bytes without the line ending (a trailing
    /// `\r` is dropped too). Words are separated by spaces or tabs.
    public init(parsing line: some Collection<UInt8>) throws(ControlProtocolError) {
        guard line.count <= Self.maximumLineLength else { throw .tooLongLine }
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ControlProtocolError(.invalidText, "the request is not valid UTF-8")
        }
        try self.init(parsingText: text)
    }

    /// Reads one request line given as text (see `init(parsing:)` for bytes).
    public init(parsing text: String) throws(ControlProtocolError) {
        try self.init(parsing: Array(text.utf8))
    }

    private init(parsingText text: String) throws(ControlProtocolError) {
        if let control = text.unicodeScalars.first(where: { $0 != "\t" && ($0.value < 0x20 || $0.value == 0x7F) }) {
            throw ControlProtocolError(
                .invalidText, "the request holds the control character U+\(Self.hex4(control.value)); send one line of text")
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let word = words.first else {
            throw ControlProtocolError(
                .emptyRequest, "empty request; send a command: \(Self.commandNames.joined(separator: ", "))")
        }
        guard let command = ControlCommand.named(word) else {
            let shown = word.count > 40 ? word.prefix(40) + "…" : word
            throw ControlProtocolError(
                .unknownCommand,
                "unknown command \"\(shown)\"; known commands: \(Self.commandNames.joined(separator: ", "))")
        }
        self = try command.make(ControlArguments.read(Array(words.dropFirst()), for: command))
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
