/// One part of a (possibly dotted) key, and where it is written.
struct TOMLKeyPart {
    let name: String
    let position: TOMLPosition

    /// The part as written in a message: bare if it can be, else quoted.
    var displayName: String {
        if !name.isEmpty, name.utf8.allSatisfy(ASCII.isBareKey) { return name }
        return TOMLKeyPart.quoted(name)
    }

    /// The part in quotes: `"a"`, `"a b"`.
    var quotedDisplayName: String {
        name.utf8.allSatisfy(ASCII.isBareKey) ? "\"\(name)\"" : displayName
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let digits = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension [TOMLKeyPart] {
    /// The dotted key as written in a message: `a.b."c d"`.
    var displayName: String { map(\.displayName).joined(separator: ".") }

    /// The dotted key in quotes: `"a.b"`; as written if any part needs quotes.
    var quotedDisplayName: String {
        allSatisfy { !$0.name.isEmpty && $0.name.utf8.allSatisfy(ASCII.isBareKey) }
            ? "\"\(displayName)\"" : displayName
    }
}

extension TOMLParser {
    /// Reads a key: one or more parts separated by dots, with optional spaces around the dots.
    /// Stops after the spaces that follow the key.
    mutating func parseKey() throws(TOMLSyntaxError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            let part = try parseKeyPart(after: parts.last)
            parts.append(part)
            if parts.count > TOML.maximumNesting {
                throw TOMLSyntaxError(
                    "a dotted key has more than \(TOML.maximumNesting) parts", at: part.position)
            }
            skipSpaces()
            guard peek() == ASCII.dot else { return parts }
            pos += 1
            skipSpaces()
        }
    }

    private mutating func parseKeyPart(after previous: TOMLKeyPart?) throws(TOMLSyntaxError)
        -> TOMLKeyPart
    {
        let start = pos
        let position = position(at: start)
        switch peek() {
        case let byte? where ASCII.isBareKey(byte):
            while let next = peek(), ASCII.isBareKey(next) { pos += 1 }
            return TOMLKeyPart(name: String(decoding: bytes[start..<pos], as: UTF8.self), position: position)
        case ASCII.quote?:
            return TOMLKeyPart(name: try parseBasicString(), position: position)
        case ASCII.apostrophe?:
            return TOMLKeyPart(name: try parseLiteralString(), position: position)
        default:
            let found = describeCharacter(at: pos)
            if previous != nil {
                throw syntaxError("expected a key after '.', found \(found)")
            }
            throw syntaxError("expected a key, found \(found)")
        }
    }

    /// `[a.b]` or `[[a.b]]`, from its first `[` to just after its last `]`.
    mutating func parseHeader() throws(TOMLSyntaxError) {
        let headerPosition = position(at: pos)
        let isArray = peek(1) == ASCII.openBracket
        pos += isArray ? 2 : 1
        skipSpaces()
        let key = try parseKey()
        if isArray {
            guard peek() == ASCII.closeBracket, peek(1) == ASCII.closeBracket else {
                throw syntaxError(
                    "expected ']]' to close the array-of-tables header, found \(describeCharacter(at: pos))")
            }
            pos += 2
            try builder.appendTable(key, headerPosition: headerPosition)
        } else {
            guard peek() == ASCII.closeBracket else {
                throw syntaxError(
                    "expected ']' to close the table header, found \(describeCharacter(at: pos))")
            }
            pos += 1
            try builder.defineTable(key, headerPosition: headerPosition)
        }
    }

    /// `key = value`, up to just after the value.
    mutating func parseKeyValueStatement() throws(TOMLSyntaxError) {
        let key = try parseKey()
        guard peek() == ASCII.equals else {
            throw syntaxError(
                "expected '=' after the key \(key.displayName), found \(describeCharacter(at: pos))")
        }
        pos += 1
        skipSpaces()
        let value = try parseValue(depth: 0)
        try builder.assign(value, to: key)
    }
}
