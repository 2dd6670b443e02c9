/// A reader of TOML 1.0.0 documents, in pure Swift.
public enum TOML {
    /// Arrays and inline tables nested deeper than this are a syntax error, and so is a dotted
    /// key of more parts than this.
    public static let maximumNesting = 100

    /// Reads a TOML document.
    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        try parse(bytes: Array(text.utf8))
    }

    /// Reads a TOML document from UTF-8 bytes; invalid UTF-8 is an error at its line and column.
    public static func parse(bytes: [UInt8]) throws(TOMLSyntaxError) -> TOMLTable {
        try TOMLUTF8.validate(bytes)
        var parser = TOMLParser(bytes: TOMLUTF8.normalizingLineEndings(bytes))
        return try parser.parseDocument()
    }
}

/// ASCII bytes the parser looks for.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let apostrophe: UInt8 = 0x27  // '
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let openBracket: UInt8 = 0x5B  // [
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D  // ]
    static let underscore: UInt8 = 0x5F
    static let openBrace: UInt8 = 0x7B  // {
    static let closeBrace: UInt8 = 0x7D  // }
    static let delete: UInt8 = 0x7F

    static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= zero && byte <= nine
    }

    /// A control character that TOML forbids in strings and comments (all but tab).
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != tab) || byte == delete
    }

    static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, underscore, minus: true
        default: false
        }
    }
}

/// The state of one parse: the bytes (valid UTF-8, CRLF already turned into LF), where the
/// reader is, and the table tree being built.
struct TOMLParser {
    let bytes: [UInt8]
    var pos = 0
    /// The line of `pos`, 1-based, and the offset where that line starts.
    var line = 1
    var lineStart = 0
    /// The last column computed on the current line, to keep column counting linear.
    private var cachedOffset = 0
    private var cachedColumn = 1
    let builder = TOMLDocumentBuilder()

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    @inline(__always)
    func peek(_ ahead: Int = 0) -> UInt8? {
        let index = pos + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    /// Whether `text` (ASCII) follows at `pos + ahead`.
    func lookingAt(_ text: StaticString, ahead: Int = 0) -> Bool {
        let count = text.utf8CodeUnitCount
        guard pos + ahead + count <= bytes.count else { return false }
        let start = text.utf8Start
        for index in 0..<count where bytes[pos + ahead + index] != start[index] {
            return false
        }
        return true
    }

    /// Steps over the LF at `pos`.
    mutating func consumeNewline() {
        pos += 1
        line += 1
        lineStart = pos
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == ASCII.space || byte == ASCII.tab { pos += 1 }
    }

    /// Skips a comment, if one starts at `pos`, up to (not over) the end of its line.
    mutating func skipComment() throws(TOMLSyntaxError) {
        guard peek() == ASCII.hash else { return }
        pos += 1
        while let byte = peek(), byte != ASCII.lf {
            if ASCII.isForbiddenControl(byte) {
                throw syntaxError("\(describeCharacter(at: pos)) is not allowed in a comment")
            }
            pos += 1
        }
    }

    /// The position of `offset`, which must not be before the current line.
    mutating func position(at offset: Int) -> TOMLPosition {
        guard offset >= lineStart, offset <= bytes.count else { return slowPosition(at: offset) }
        if cachedOffset < lineStart || cachedOffset > offset {
            cachedOffset = lineStart
            cachedColumn = 1
        }
        var column = cachedColumn
        var index = cachedOffset
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        cachedOffset = offset
        cachedColumn = column
        return TOMLPosition(line: line, column: column)
    }

    private func slowPosition(at offset: Int) -> TOMLPosition {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == ASCII.lf {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TOMLPosition(line: line, column: column)
    }

    mutating func syntaxError(_ message: String, at offset: Int? = nil) -> TOMLSyntaxError {
        TOMLSyntaxError(message, at: position(at: offset ?? pos))
    }

    /// Names the character at `offset` for a message: `"x"`, `a newline`, `the end of the file`,
    /// `control character U+0001`...
    func describeCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        switch byte {
        case ASCII.lf: return "a newline"
        case ASCII.cr: return "a carriage return without a line feed"
        case ASCII.tab: return "a tab"
        case ASCII.space: return "a space"
        case ASCII.quote: return "'\"'"
        case 0..<0x20, ASCII.delete: return "control character \(Self.hex(UInt32(byte)))"
        case 0x21..<0x7F: return "\"\(Character(Unicode.Scalar(byte)))\""
        default:
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: bytes[offset..<end], as: UTF8.self)
            let code = text.unicodeScalars.first.map { Self.hex($0.value) } ?? "?"
            return "\"\(text)\" (\(code))"
        }
    }

    /// "U+00E9".
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: The document

    mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLTable {
        while true {
            skipSpaces()
            guard let byte = peek() else { break }
            let what: String
            if byte == ASCII.lf {
                consumeNewline()
                continue
            } else if byte == ASCII.hash {
                what = "a comment"
            } else if byte == ASCII.openBracket {
                try parseHeader()
                what = "a table header"
            } else if ASCII.isBareKey(byte) || byte == ASCII.quote || byte == ASCII.apostrophe {
                try parseKeyValueStatement()
                what = "a key/value pair"
            } else {
                throw syntaxError(
                    "expected a key, a table header or a comment, found \(describeCharacter(at: pos))")
            }
            skipSpaces()
            try skipComment()
            guard let next = peek() else { break }
            guard next == ASCII.lf else {
                throw syntaxError(
                    "expected the end of the line after \(what), found \(describeCharacter(at: pos))")
            }
            consumeNewline()
        }
        return builder.finish()
    }
}
