import Testing
import WinddownCore

extension ControlTests {
    @Suite("JSON encoding")
    struct JSONEncodingTests {
        @Test("scalars and containers encode compactly, keys in order", arguments: [
            (JSONValue.null, "null"),
            (true, "true"),
            (false, "false"),
            (0, "0"),
            (-42, "-42"),
            (.int(Int.max), "9223372036854775807"),
            (.int(Int.min), "-9223372036854775808"),
            (0.5, "0.5"),
            (1.0, "1.0"),
            (.double(1e300), "1e+300"),
            (.double(.nan), "null"),
            (.double(.infinity), "null"),
            ("", "\"\""),
            ([], "[]"),
            ([:], "{}"),
            ([1, "a", nil, [true]], "[1,\"a\",null,[true]]"),
            (["z": 1, "a": 2, "m": ["y": nil]], "{\"z\":1,\"a\":2,\"m\":{\"y\":null}}"),
        ] as [(JSONValue, String)])
        func encodes(value: JSONValue, text: String) {
            #expect(value.jsonText == text)
        }

        @Test("strings escape quotes, backslashes and every control character", arguments: [
            ("say \"hi\"", #""say \"hi\"""#),
            (#"C:\path"#, #""C:\\path""#),
            ("a\nb\rc\td", #""a\nb\rc\td""#),
            ("\u{08}\u{0C}", #""\b\f""#),
            ("\u{00}\u{01}\u{1F}\u{7F}", #""\u0000\u0001\u001f\u007f""#),
            ("\u{2028}\u{2029}", #""\u2028\u2029""#),
            ("/", #""/""#),
            ("é🌙", "\"é🌙\""),
        ])
        func escapes(text: String, json: String) {
            #expect(JSONValue.string(text).jsonText == json)
        }

        @Test("ASCII-only output writes surrogate pairs beyond the BMP")
        func asciiOnly() {
            #expect(JSONValue.string("é🌙").encoded(asciiOnly: true) == #""\u00e9\ud83c\udf19""#)
            let ascii = JSONValue.string("🌙").encoded(asciiOnly: true).allSatisfy(\.isASCII)
            #expect(ascii)
        }

        @Test("encoded text never holds a raw newline")
        func oneLine() {
            let value: JSONValue = ["text": .string((0..<128).map { String(UnicodeScalar(UInt8($0))) }.joined())]
            let text = value.jsonText
            #expect(!text.contains("\n") && !text.contains("\r"))
            let printable = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
            #expect(printable)
        }

        @Test("setting an existing key keeps its place; nil removes it")
        func objectOrder() {
            var object: JSONObject = ["a": 1, "b": 2, "c": 3]
            object["b"] = "two"
            object["d"] = 4
            object["a"] = nil
            #expect(object.keys == ["b", "c", "d"])
            #expect(object.encoded() == #"{"b":"two","c":3,"d":4}"#)
            #expect(JSONObject([.init(key: "k", value: 1), .init(key: "k", value: 2)]).members == [.init(key: "k", value: 2)])
        }

        @Test("what is encoded parses back to the same value", arguments: [
            JSONValue.null,
            ["ok": true, "state": "running", "step": ["index": 4, "count": 12, "title": "Toes \"big\" 🦶"]],
            [0.1, -0.0, 1.5e-10, 123456789.125, .double(Double.greatestFiniteMagnitude), .int(Int.min)],
            .string((0..<0x250).compactMap { UnicodeScalar($0).map(String.init) }.joined()),
            .string("\u{10FFFF}\u{1F600}\u{FFFF}\u{E000}"),
            [[[[[["deep"]]]]]],
        ] as [JSONValue])
        func roundTrips(value: JSONValue) throws {
            #expect(try JSONParser().parse(value.jsonText) == value)
            #expect(try JSONParser().parse(value.encoded(asciiOnly: true)) == value)
        }
    }
}
