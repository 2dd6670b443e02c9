extension TOMLParser {
    /// `"..."`, from the opening quote to just after the closing one.
    mutating func parseBasicString() throws(TOMLSyntaxError) -> String {
        let open = pos
        pos += 1
        var text: [UInt8] = []
        var runStart = pos
        while true {
            guard let byte = peek() else {
                throw syntaxError("unterminated string: expected '\"' to close it", at: open)
            }
            switch byte {
            case ASCII.quote:
                if text.isEmpty { defer { pos += 1 }; return string(runStart..<pos) }
                text.append(contentsOf: bytes[runStart..<pos])
                pos += 1
                return String(decoding: text, as: UTF8.self)
            case ASCII.backslash:
                text.append(contentsOf: bytes[runStart..<pos])
                try parseEscape(into: &text)
                runStart = pos
            case ASCII.lf:
                throw syntaxError("unterminated string: a \"...\" string must end on the line it starts")
            default:
                if ASCII.isForbiddenControl(byte) {
                    throw syntaxError("\(describeCharacter(at: pos)) must be escaped in a string")
                }
                pos += 1
            }
        }
    }

    /// `'...'`, from the opening apostrophe to just after the closing one.
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while true {
            guard let byte = peek() else {
                throw syntaxError("unterminated string: expected \"'\" to close it", at: open)
            }
            switch byte {
            case ASCII.apostrophe:
                defer { pos += 1 }
                return string(start..<pos)
            case ASCII.lf:
                throw syntaxError("unterminated string: a '...' string must end on the line it starts")
            default:
                if ASCII.isForbiddenControl(byte) {
                    throw syntaxError("\(describeCharacter(at: pos)) is not allowed in a literal string")
                }
                pos += 1
            }
        }
    }

    /// `"""..."""`, from the first quote to just after the last.
    mutating func parseMultilineBasicString() throws(TOMLSyntaxError) -> String {
        let open = position(at: pos)
        pos += 3
        if peek() == ASCII.lf { consumeNewline() }
        var text: [UInt8] = []
        var runStart = pos
        while true {
            guard let byte = peek() else {
                throw TOMLSyntaxError(
                    "unterminated string: expected '\"\"\"' to close the string opened on line \(open.line)",
                    at: open)
            }
            switch byte {
            case ASCII.quote where lookingAt("\"\"\""):
                text.append(contentsOf: bytes[runStart..<pos])
                pos += 3
                // Up to two more quotes just before the closing three belong to the string.
                for _ in 0..<2 where peek() == ASCII.quote {
                    text.append(ASCII.quote)
                    pos += 1
                }
                return String(decoding: text, as: UTF8.self)
            case ASCII.backslash:
                text.append(contentsOf: bytes[runStart..<pos])
                if try !skipLineEndingBackslash() { try parseEscape(into: &text) }
                runStart = pos
            case ASCII.lf:
                consumeNewline()
            default:
                if ASCII.isForbiddenControl(byte) {
                    throw syntaxError("\(describeCharacter(at: pos)) must be escaped in a string")
                }
                pos += 1
            }
        }
    }

    /// `'''...'''`, from the first apostrophe to just after the last.
    mutating func parseMultilineLiteralString() throws(TOMLSyntaxError) -> String {
        let open = position(at: pos)
        pos += 3
        if peek() == ASCII.lf { consumeNewline() }
        let start = pos
        while true {
            guard let byte = peek() else {
                throw TOMLSyntaxError(
                    "unterminated string: expected \"'''\" to close the string opened on line \(open.line)",
                    at: open)
            }
            switch byte {
            case ASCII.apostrophe where lookingAt("'''"):
                var end = pos
                pos += 3
                for _ in 0..<2 where peek() == ASCII.apostrophe {
                    end += 1
                    pos += 1
                }
                return string(start..<end)
            case ASCII.lf:
                consumeNewline()
            default:
                if ASCII.isForbiddenControl(byte) {
                    throw syntaxError("\(describeCharacter(at: pos)) is not allowed in a literal string")
                }
                pos += 1
            }
        }
    }

    /// The text of `bytes[range]` (already checked to be UTF-8).
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// In a multi-line basic string, a backslash that ends its line (spaces may follow it)
    /// trims it and all spaces and newlines after it. Returns false for other backslashes.
    private mutating func skipLineEndingBackslash() throws(TOMLSyntaxError) -> Bool {
        var index = pos + 1
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab {
            index += 1
        }
        if index == pos + 1 && (index >= bytes.count || bytes[index] != ASCII.lf) { return false }
        guard index < bytes.count else {
            pos = index
            return true  // the missing closing quotes are reported next
        }
        guard bytes[index] == ASCII.lf else {
            throw syntaxError(
                "a backslash followed by spaces must end the line, found \(describeCharacter(at: index))",
                at: pos)
        }
        pos = index
        while let byte = peek() {
            switch byte {
            case ASCII.space, ASCII.tab: pos += 1
            case ASCII.lf: consumeNewline()
            default: return true
            }
        }
        return true
    }

    /// An escape sequence starting at the backslash at `pos`.
    private mutating func parseEscape(into text: inout [UInt8]) throws(TOMLSyntaxError) {
        let start = pos
        guard let letter = peek(1) else {
            throw syntaxError("unterminated string: expected an escape after '\\'")
        }
        let replacement: UInt8
        switch letter {
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "t"): replacement = 0x09
        case UInt8(ascii: "n"): replacement = 0x0A
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "r"): replacement = 0x0D
        case ASCII.quote: replacement = ASCII.quote
        case ASCII.backslash: replacement = ASCII.backslash
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = letter == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for index in 0..<count {
                guard let digit = peek(2 + index).flatMap(Self.hexDigitValue) else {
                    let shown = String(decoding: bytes[start..<min(bytes.count, pos + 2 + index)], as: UTF8.self)
                    throw syntaxError(
                        "invalid escape \"\(shown)\": expected \(count) hexadecimal digits", at: start)
                }
                value = value << 4 | UInt32(digit)
            }
            guard let scalar = Unicode.Scalar(value) else {
                let shown = String(decoding: bytes[start..<pos + 2 + count], as: UTF8.self)
                throw syntaxError("invalid escape \"\(shown)\": not a Unicode scalar value", at: start)
            }
            pos += 2 + count
            UTF8.encode(scalar) { text.append($0) }
            return
        default:
            let found: String
            if letter < 0x80 && !ASCII.isForbiddenControl(letter) {
                found = "\"\\\(Character(Unicode.Scalar(letter)))\""
            } else {
                found = "'\\' followed by \(describeCharacter(at: pos + 1))"
            }
            throw syntaxError("invalid escape \(found) in a string")
        }
        pos += 2
        text.append(replacement)
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
