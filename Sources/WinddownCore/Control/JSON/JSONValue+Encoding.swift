extension JSONValue {
    /// Compact JSON text on one line: no spaces, keys in their order, and
    /// never a raw newline (control characters in strings are escaped), so
    /// it can be sent as one line of the control protocol.
    ///
    /// With `asciiOnly`, every non-ASCII character is written as a `\u`
    /// escape (a surrogate pair beyond the Basic Multilingual Plane), for
    /// readers that cannot take UTF-8; otherwise it is written as UTF-8.
    public func encoded(asciiOnly: Bool = false) -> String {
        var out = ""
        JSONWriter(asciiOnly: asciiOnly).write(self, to: &out)
        return out
    }

    /// `encoded()`: the compact UTF-8 form.
    public var jsonText: String { encoded() }
}

extension JSONObject {
    /// The object as compact JSON text (see `JSONValue.encoded(asciiOnly:)`).
    public func encoded(asciiOnly: Bool = false) -> String { JSONValue.object(self).encoded(asciiOnly: asciiOnly) }
}

/// The encoder behind `JSONValue.encoded`.
struct JSONWriter {
    let asciiOnly: Bool

    func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number):
            // Swift prints the shortest text that reads back exactly ("0.1",
            // "1e+16"), which is valid JSON; JSON has no NaN or infinity.
            out += number.isFinite ? number.description : "null"
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += "," }
                writeString(member.key, to: &out)
                out += ":"
                write(member.value, to: &out)
            }
            out += "}"
        }
    }

    func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            // The other C0 controls, DEL, and the two JavaScript line
            // terminators, so the text is safe to paste or eval anywhere.
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                out += Self.escape(UInt16(scalar.value))
            default:
                if asciiOnly && !scalar.isASCII {
                    for unit in String(scalar).utf16 { out += Self.escape(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `\uXXXX` with lower-case hex digits.
    static func escape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
