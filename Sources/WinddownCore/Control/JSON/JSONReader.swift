/// The recursive-descent reader behind `JSONParser`.
struct JSONReader {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    func failure(_ message: String) -> JSONParseError {
        JSONParseError(offset: index, message: message)
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try readObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try readArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try readWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try readWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    mutating func readWord(_ word: String) throws(JSONParseError) {
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else { throw failure("expected \"\(word)\"") }
            index += 1
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw failure("expected \(what), found \(describeCurrent())")
        }
        index += 1
    }

    mutating func enter(_ depth: Int) throws(JSONParseError) {
        if depth > maximumDepth { throw failure("nested deeper than \(maximumDepth) levels") }
        index += 1  // the opening bracket
        skipWhitespace()
    }

    mutating func readArray(depth: Int) throws(JSONParseError) -> [JSONValue] {
        try enter(depth)
        var items: [JSONValue] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth))
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "\",\" or \"]\"")
            return items
        }
    }

    mutating func readObject(depth: Int) throws(JSONParseError) -> JSONObject {
        try enter(depth)
        var members: [JSONObject.Member] = []
        var seen: Set<String> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONObject()
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyOffset = index
            let key = try readString()
            guard seen.insert(key).inserted else {
                throw JSONParseError(offset: keyOffset, message: "the key \"\(key)\" appears twice")
            }
            try expect(UInt8(ascii: ":"), "\":\"")
            skipWhitespace()
            members.append(JSONObject.Member(key: key, value: try readValue(depth: depth)))
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "\",\" or \"}\"")
            return JSONObject(uniqueMembers: members)
        }
    }
}
