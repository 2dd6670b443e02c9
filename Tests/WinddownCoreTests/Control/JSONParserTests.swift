import Testing
import WinddownCore

extension ControlTests {
    @Suite("JSON parsing")
    struct JSONParserTests {
        @Test("reads valid documents", arguments: [
            (" {\"ok\" : true , \"n\":[1, -2.5e3, 0, -0, 1E2]}\r\n\t", ["ok": true, "n": [1, -2500.0, 0, 0, 100.0]]),
            ("\"\\u00e9\\ud83c\\udf19\\/\\\\\\\"\\b\\f\\n\\r\\t\"", "é🌙/\\\"\u{08}\u{0C}\n\r\t"),
            ("\"\\u0000\"", "\u{00}"),
            ("null", nil),
            ("[]", []),
            ("{}", [:]),
            ("12345678901234567890", .double(1.2345678901234567e19)),
            ("-9223372036854775808", .int(Int.min)),
            ("\"🌙é\"", "🌙é"),
        ] as [(String, JSONValue)])
        func readsValid(text: String, value: JSONValue) throws {
            #expect(try JSONParser().parse(text) == value)
        }

        @Test("keeps the order of object keys")
        func keyOrder() throws {
            let value = try JSONParser().parse(#"{"z":1,"a":2,"m":3}"#)
            #expect(value.objectValue?.keys == ["z", "a", "m"])
        }

        @Test("refuses what is not strict JSON, saying why", arguments: [
            ("", "expected a value"),
            ("   ", "expected a value"),
            ("{", "expected a key"),
            ("[1,]", "expected a value"),
            ("{\"a\":1,}", "expected a key"),
            ("[1 2]", "\",\" or \"]\""),
            ("{\"a\" 1}", "\":\""),
            ("{'a':1}", "expected a key"),
            ("{a:1}", "expected a key"),
            ("01", "leading zeros"),
            ("-", "digit after \"-\""),
            ("1.", "digit after \".\""),
            (".5", "expected a value"),
            ("1e", "exponent"),
            ("+1", "expected a value"),
            ("NaN", "expected a value"),
            ("Infinity", "expected a value"),
            ("1e400", "out of range"),
            ("tru", "expected \"true\""),
            ("nul", "expected \"null\""),
            ("true false", "after the end"),
            ("{} x", "after the end"),
            ("// c\n1", "expected a value"),
            ("\"abc", "unterminated string"),
            ("\"a\nb\"", "raw control character"),
            ("\"a\tb\"", "raw control character"),
            ("\"\\x\"", "unknown escape"),
            ("\"\\u12\"", "four hex digits"),
            ("\"\\ud83c\"", "without its low half"),
            ("\"\\ud83c\\u0041\"", "not a low surrogate"),
            ("\"\\udf19\"", "lone low surrogate"),
            ("{\"a\":1,\"a\":2}", "appears twice"),
            ("\u{FEFF}{}", "expected a value"),
        ])
        func refuses(text: String, reason: String) {
            #expect {
                try JSONParser().parse(text)
            } throws: { error in
                guard let error = error as? JSONParseError else { return false }
                return error.message.contains(reason)
            }
        }

        @Test("refuses invalid UTF-8 inside strings and stray bytes outside", arguments: [
            [0x22, 0xFF, 0x22],
            [0x22, 0xC3, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // an encoded surrogate
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0xC3, 0xA9],
        ] as [[UInt8]])
        func refusesInvalidUTF8(bytes: [UInt8]) {
            #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes) }
        }

        @Test("the error says where the problem is")
        func offset() {
            #expect(throws: JSONParseError(offset: 5, message: "unexpected \"x\", expected a value")) {
                try JSONParser().parse("[1,2,x]")
            }
        }

        @Test("nesting is limited, so deep input cannot exhaust the stack")
        func depthLimit() throws {
            let parser = JSONParser(maximumDepth: 64)
            let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
            #expect(throws: Never.self) { try parser.parse(ok) }
            let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
            #expect(throws: JSONParseError.self) { try parser.parse(deep) }
            let hostile = String(repeating: "[{\"a\":", count: 200_000)
            #expect { try parser.parse(hostile) } throws: { ($0 as? JSONParseError)?.message.contains("deeper") == true }
        }

        @Test("input longer than the limit is refused before reading it")
        func sizeLimit() {
            let parser = JSONParser(maximumLength: 16)
            #expect(throws: Never.self) { try parser.parse("\"0123456789abcd\"") }
            #expect { try parser.parse("\"0123456789abcde\"") } throws: {
                ($0 as? JSONParseError)?.message.contains("longer than 16") == true
            }
        }

        @Test("many keys parse in reasonable time (no quadratic duplicate check)")
        func manyKeys() throws {
            let count = 50_000
            let text = "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
            let value = try JSONParser().parse(text)
            #expect(value.objectValue?.count == count)
            #expect(value["k49999"] == .int(49_999))
        }

        @Test("accessors read the expected shapes")
        func accessors() {
            let value: JSONValue = ["s": "x", "i": 3, "d": 2.0, "f": 2.5, "b": true, "a": [1], "n": nil]
            #expect(value["s"]?.stringValue == "x")
            #expect(value["i"]?.intValue == 3)
            #expect(value["d"]?.intValue == 2)
            #expect(value["f"]?.intValue == nil)
            #expect(value["f"]?.doubleValue == 2.5)
            #expect(value["b"]?.boolValue == true)
            #expect(value["a"]?.arrayValue == [1])
            #expect(value["n"]?.isNull == true)
            #expect(value["missing"] == nil)
            #expect(JSONValue.int(1)["s"] == nil)
        }
    }
}
