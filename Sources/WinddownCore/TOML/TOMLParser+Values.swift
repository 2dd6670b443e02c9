extension TOMLParser {
    /// Reads one value starting at `pos`. `depth` counts the arrays and inline tables (and the
    /// tables that dotted keys make inside inline tables) around it.
    mutating func parseValue(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        guard let byte = peek() else {
            throw syntaxError("expected a value, found the end of the file")
        }
        switch byte {
        case ASCII.quote:
            if lookingAt("\"\"\"") { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case ASCII.apostrophe:
            if lookingAt("'''") { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case UInt8(ascii: "t") where lookingAt("true"):
            pos += 4
            return .boolean(true)
        case UInt8(ascii: "f") where lookingAt("false"):
            pos += 5
            return .boolean(false)
        case ASCII.openBracket:
            return try parseArray(depth: depth + 1)
        case ASCII.openBrace:
            return try parseInlineTable(depth: depth + 1)
        case ASCII.zero...ASCII.nine, ASCII.plus, ASCII.minus, UInt8(ascii: "i"), UInt8(ascii: "n"):
            return try parseNumberOrDateTime()
        default:
            throw invalidValue()
        }
    }

    /// "expected a value, found "yes"".
    mutating func invalidValue() -> TOMLSyntaxError {
        var end = pos
        while end < bytes.count, end - pos < 24, ASCII.isBareKey(bytes[end]) || bytes[end] == ASCII.dot
            || bytes[end] == ASCII.plus
        {
            end += 1
        }
        if end > pos {
            let word = String(decoding: bytes[pos..<end], as: UTF8.self)
            return syntaxError("expected a value, found \"\(word)\"")
        }
        return syntaxError("expected a value, found \(describeCharacter(at: pos))")
    }

    private mutating func checkNesting(_ depth: Int) throws(TOMLSyntaxError) {
        if depth > TOML.maximumNesting {
            throw syntaxError(
                "arrays and inline tables are nested more than \(TOML.maximumNesting) deep")
        }
    }

    /// Spaces, newlines and comments, as allowed between the elements of an array.
    private mutating func skipArraySpace() throws(TOMLSyntaxError) {
        while let byte = peek() {
            switch byte {
            case ASCII.space, ASCII.tab: pos += 1
            case ASCII.lf: consumeNewline()
            case ASCII.hash: try skipComment()
            default: return
            }
        }
    }

    /// `[1, 2, 3]`, from `[` to just after `]`.
    private mutating func parseArray(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        try checkNesting(depth)
        let open = position(at: pos)
        pos += 1
        var elements: [TOMLValue] = []
        try skipArraySpace()
        switch peek() {
        case ASCII.closeBracket?:
            pos += 1
            return .array(elements)
        case nil:
            throw syntaxError("unterminated array: expected ']' to close the array opened on line \(open.line)")
        default:
            break
        }
        while true {
            elements.append(try parseValue(depth: depth))
            try skipArraySpace()
            switch peek() {
            case ASCII.closeBracket?:
                pos += 1
                return .array(elements)
            case ASCII.comma?:
                pos += 1
                try skipArraySpace()
                switch peek() {
                case ASCII.closeBracket?:
                    pos += 1
                    return .array(elements)
                case nil:
                    throw syntaxError("unterminated array: expected ']' to close the array opened on line \(open.line)")
                default:
                    break
                }
            case nil:
                throw syntaxError("unterminated array: expected ']' to close the array opened on line \(open.line)")
            default:
                throw syntaxError(
                    "expected ',' or ']' after an array element, found \(describeCharacter(at: pos))")
            }
        }
    }

    /// `{ a = 1, b.c = 2 }`, from `{` to just after `}`; all on one line, no trailing comma.
    private mutating func parseInlineTable(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        try checkNesting(depth)
        let node = TOMLTableNode(position: position(at: pos))
        pos += 1
        skipSpaces()
        if peek() == ASCII.closeBrace {
            pos += 1
            return .table(node.freeze())
        }
        while true {
            let key = try parseKey()
            guard peek() == ASCII.equals else {
                throw syntaxError(
                    "expected '=' after the key \(key.displayName), found \(describeCharacter(at: pos))")
            }
            pos += 1
            skipSpaces()
            let valueDepth = depth + key.count - 1
            try checkNesting(valueDepth)
            let value = try parseValue(depth: valueDepth)
            try TOMLDocumentBuilder.insert(value, at: key, into: node, pending: nil)
            skipSpaces()
            switch peek() {
            case ASCII.closeBrace?:
                pos += 1
                return .table(node.freeze())
            case ASCII.comma?:
                pos += 1
                skipSpaces()
                if peek() == ASCII.closeBrace {
                    throw syntaxError("an inline table cannot have a trailing comma")
                }
            case ASCII.lf?, nil:
                throw syntaxError(
                    "expected '}' to close the inline table: an inline table must be on one line")
            default:
                throw syntaxError(
                    "expected ',' or '}' after a value in an inline table, found \(describeCharacter(at: pos))")
            }
        }
    }
}
