import Testing
@testable import WinddownCore

/// The error `text` gives, or nil when it parses.
private func parseError(_ text: String) -> TOMLSyntaxError? {
    do {
        _ = try TOML.parse(text)
        return nil
    } catch {
        return error
    }
}

private func parseError(bytes: [UInt8]) -> TOMLSyntaxError? {
    do {
        _ = try TOML.parse(bytes: bytes)
        return nil
    } catch {
        return error
    }
}

/// The value of `a` in `a = TEXT`.
private func value(_ text: String) throws -> TOMLValue? {
    try TOML.parse("a = " + text)["a"]
}

private func date(_ y: Int, _ m: Int, _ d: Int) -> TOMLDateTime.Date {
    TOMLDateTime.Date(year: y, month: m, day: d)
}

private func time(_ h: Int, _ m: Int, _ s: Int, _ ns: Int = 0) -> TOMLDateTime.Time {
    TOMLDateTime.Time(hour: h, minute: m, second: s, nanosecond: ns)
}

@Suite("TOML values")
struct TOMLValueTests {
    @Test("reads every kind of value", arguments: [
        ("\"basic\"", TOMLValue.string("basic")),
        ("'C:\\path'", .string("C:\\path")),
        ("\"\\b\\t\\n\\f\\r\\\"\\\\\"", .string("\u{8}\t\n\u{C}\r\"\\")),
        ("\"\\u00E9\\U0001F600\"", .string("é😀")),
        ("\"\"\"\nline 1\nline 2\"\"\"", .string("line 1\nline 2")),
        ("\"\"\"a \\\n    b \\   \n\n c\"\"\"", .string("a b c")),
        ("\"\"\"quote\"\"\"\"\"", .string("quote\"\"")),
        ("'''\n literal \\n'''", .string(" literal \\n")),
        ("'''it''''", .string("it'")),
        ("42", .integer(42)),
        ("+1_000", .integer(1000)),
        ("-17", .integer(-17)),
        ("-0", .integer(0)),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("0xDEAD_beef", .integer(0xDEAD_BEEF)),
        ("0o755", .integer(0o755)),
        ("0b1101", .integer(13)),
        ("0x7FFFFFFFFFFFFFFF", .integer(.max)),
        ("3.25", .float(3.25)),
        ("-2E-2", .float(-0.02)),
        ("6.626e-34", .float(6.626e-34)),
        ("1_000.5e1_0", .float(1000.5e10)),
        ("1e400", .float(.infinity)),
        ("1e-400", .float(0)),
        ("1e99999999999999999999", .float(.infinity)),
        ("+inf", .float(.infinity)),
        ("-inf", .float(-.infinity)),
        ("nan", .float(.nan)),
        ("-nan", .float(.nan)),
        ("true", .boolean(true)),
        ("false", .boolean(false)),
        ("1979-05-27T07:32:00Z", .dateTime(TOMLDateTime(date: date(1979, 5, 27), time: time(7, 32, 0), offsetMinutes: 0))),
        ("1979-05-27 00:32:00.5-07:30", .dateTime(TOMLDateTime(date: date(1979, 5, 27), time: time(0, 32, 0, 500_000_000), offsetMinutes: -450))),
        ("1979-05-27t07:32:00", .dateTime(TOMLDateTime(date: date(1979, 5, 27), time: time(7, 32, 0)))),
        ("2024-02-29", .dateTime(TOMLDateTime(date: date(2024, 2, 29)))),
        ("07:32:00.123456789999", .dateTime(TOMLDateTime(time: time(7, 32, 0, 123_456_789)))),
        ("[1, 'two', [3.0], {four = 4}]", .array([.integer(1), .string("two"), .array([.float(3)]), .table(["four": .integer(4)])])),
        ("[\n  1, # one\n  2,\n]", .array([.integer(1), .integer(2)])),
        ("{ x = 1, y.z = 'deep' }", .table(["x": .integer(1), "y": .table(["z": .string("deep")])])),
        ("{}", .table([:])),
    ])
    func readsValues(text: String, expected: TOMLValue) throws {
        #expect(try value(text) == expected)
    }

    @Test("keeps the sign of zero and the sign of infinity")
    func signs() throws {
        #expect(try value("-0.0")?.float?.sign == .minus)
        #expect(try value("+0.0")?.float?.sign == .plus)
        #expect(try value("-inf")?.float == -.infinity)
        #expect(try value("nan")?.float?.isNaN == true)
    }

    @Test("names kinds", arguments: [
        ("'x'", "string"), ("1", "integer"), ("1.0", "floating-point number"), ("true", "boolean"),
        ("1979-05-27T07:32:00Z", "date-time"), ("1979-05-27T07:32:00", "date-time"),
        ("1979-05-27", "date"), ("07:32:00", "time"), ("[]", "array"), ("{}", "table"),
    ])
    func kindNames(text: String, kind: String) throws {
        #expect(try value(text)?.kindName == kind)
    }

    @Test("accessors answer nil for other kinds")
    func accessors() {
        let number = TOMLValue.integer(3)
        #expect(number.integer == 3)
        #expect(number.string == nil && number.float == nil && number.boolean == nil)
        #expect(number.array == nil && number.table == nil && number.dateTime == nil)
        #expect(TOMLValue.float(.nan) == .float(.nan))
        #expect(TOMLValue.integer(1) != .float(1))
    }

    @Test("writes date-times as RFC 3339", arguments: [
        "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", "1979-05-27T07:32:00",
        "1979-05-27", "07:32:00.5", "0001-01-01T00:00:00+23:59",
    ])
    func describesDateTimes(text: String) throws {
        #expect(try value(text)?.dateTime?.description == text)
    }

    @Test("checks calendar days", arguments: [
        ("2024-02-29", true), ("2000-02-29", true), ("2023-02-29", false), ("1900-02-29", false),
        ("2024-04-31", false), ("2024-12-31", true), ("2024-13-01", false), ("2024-00-10", false),
        ("2024-01-00", false), ("0000-01-01", false),
    ])
    func calendar(text: String, valid: Bool) {
        #expect((parseError("a = " + text) == nil) == valid)
    }
}

@Suite("TOML tables")
struct TOMLTableTests {
    @Test("iterates in document order")
    func documentOrder() throws {
        let table = try TOML.parse("z = 1\ny = 2\n[m]\n[a]\nq = 1\np = 2\n[b.c]\n[[l]]\n")
        #expect(table.keys == ["z", "y", "m", "a", "b", "l"])
        #expect(table.map(\.key) == table.keys)
        #expect(table["a"]?.table?.keys == ["q", "p"])
        #expect(table.count == 6 && !table.isEmpty)
        #expect(try TOML.parse("# nothing\n").isEmpty)
    }

    @Test("builds tables from headers, dotted keys and arrays of tables")
    func structure() throws {
        let table = try TOML.parse("""
            a.b = 1
            a.c = 2
            [x.y]
            z = 3
            [x]
            w = 4
            [[p]]
            n = 1
            [p.q]
            r = true
            [[p]]
            n = 2
            """)
        let expected: TOMLTable = [
            "a": .table(["b": .integer(1), "c": .integer(2)]),
            "x": .table(["y": .table(["z": .integer(3)]), "w": .integer(4)]),
            "p": .array([.table(["n": .integer(1), "q": .table(["r": .boolean(true)])]), .table(["n": .integer(2)])]),
        ]
        #expect(table == expected)
    }

    @Test("tells where keys and tables are")
    func positions() throws {
        let table = try TOML.parse("""
            a = 1
              "b c" = { d = 2 }
            [x.y]
            [x]
            [[t]]
            [[t]]
            e.f = 'é'
            """)
        #expect(table.position == nil)
        #expect(table.position(of: "a") == TOMLPosition(line: 1, column: 1))
        #expect(table.position(of: "b c") == TOMLPosition(line: 2, column: 3))
        #expect(table["b c"]?.table?.position == TOMLPosition(line: 2, column: 11))
        #expect(table["b c"]?.table?.position(of: "d") == TOMLPosition(line: 2, column: 13))
        #expect(table.position(of: "x") == TOMLPosition(line: 3, column: 2))
        #expect(table["x"]?.table?.position == TOMLPosition(line: 4, column: 1))
        #expect(table["x"]?.table?.position(of: "y") == TOMLPosition(line: 3, column: 4))
        #expect(table.position(of: "t") == TOMLPosition(line: 5, column: 3))
        let tables = table["t"]?.array?.compactMap(\.table) ?? []
        #expect(tables.map(\.position) == [TOMLPosition(line: 5, column: 1), TOMLPosition(line: 6, column: 1)])
        #expect(tables.last?.position(of: "e") == TOMLPosition(line: 7, column: 1))
        #expect(tables.last?["e"]?.table?.position(of: "f") == TOMLPosition(line: 7, column: 3))
        #expect(table.position(of: "missing") == nil)
    }

    @Test("counts columns in Unicode scalars")
    func unicodeColumns() {
        let error = parseError("'é😀' = 1 2")
        #expect(error?.line == 1)
        #expect(error?.column == 10)
    }

    @Test("compares without regard to order or positions")
    func equality() throws {
        #expect(try TOML.parse("a = 1\nb = 2") == ["b": .integer(2), "a": .integer(1)])
        #expect(try TOML.parse("a = 1") != ["a": .integer(2)])
        var table: TOMLTable = ["a": .integer(1), "b": .integer(2)]
        table["a"] = nil
        table["c"] = .string("x")
        #expect(table.keys == ["b", "c"] && table["b"] == .integer(2))
    }
}

@Suite("TOML redefinition rules")
struct TOMLRedefinitionTests {
    @Test("accepts what TOML 1.0 allows", arguments: [
        "[a.b]\n[a]",
        "[a]\n[a.b]",
        "[a.b.c]\n[a]\nb.d = 1",
        "[a]\nb.c = 1\nb.d = 2",
        "[a]\nb.c = 1\n[a.b.d]",
        "a.b = 1\n[a.c]",
        "[[a]]\n[a.b]\n[[a]]\n[a.b]",
        "[[a]]\nb.c = 1\n[[a]]\n[a.b]",
        "[[a.b]]\n[a]",
        "[[a]]\nb = {}\n[[a]]\nb = {}",
        "a = 1\nA = 2",
        "\"\" = 1\n'x' = 2",
    ])
    func accepts(text: String) {
        #expect(parseError(text) == nil)
    }

    @Test("refuses redefinitions", arguments: [
        ("a = 1\na = 2", 2, 1, "key \"a\" is defined twice (first on line 1)"),
        ("a = 1\n\"a\" = 2", 2, 1, "key \"a\" is defined twice"),
        ("a.b = 1\na.b = 2", 2, 3, "key \"a.b\" is defined twice"),
        ("a = 1\na.b = 2", 2, 1, "key \"a\" is already an integer"),
        ("[a]\n[a]", 2, 2, "table [a] is defined twice (first on line 1)"),
        ("[a]\nb = 1\n[a.b]", 3, 4, "key \"b\" is already an integer"),
        ("a.b = 1\n[a]", 2, 2, "table [a] was already defined by dotted keys"),
        ("[a]\nb.c = 1\n[a.b]", 3, 4, "table [a.b] was already defined by dotted keys"),
        ("[a.b.c]\n[a]\nb.c.d = 1", 3, 3, "cannot add to table b.c with a dotted key"),
        ("[a.b]\nx = 1\n[a]\nb.y = 2", 4, 1, "cannot add to table b with a dotted key"),
        ("a = {b = 1}\n[a]", 2, 2, "inline table, which cannot be extended"),
        ("a = {b = 1}\na.c = 2", 2, 1, "inline table, which cannot be extended"),
        ("a = {b = 1}\n[a.c]", 2, 2, "inline table, which cannot be extended"),
        ("a = {b = {c = 1}, b.d = 2}", 1, 19, "inline table, which cannot be extended"),
        ("a = {b = 1, b = 2}", 1, 13, "key \"b\" is defined twice"),
        ("a = [{}]\n[[a]]", 2, 3, "static array, which cannot be extended"),
        ("a = []\n[a.b]", 2, 2, "static array"),
        ("[[a]]\n[a]", 2, 2, "it is already an array of tables"),
        ("[a]\n[[a]]", 2, 3, "it is already a table"),
        ("[[a.b]]\n[[a]]", 2, 3, "it is already a table"),
        ("[[x.a]]\n[x]\na.b = 1", 3, 1, "is an array of tables"),
    ] as [(String, Int, Int, String)])
    func refuses(text: String, line: Int, column: Int, message: String) {
        let error = parseError(text)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }
}

@Suite("TOML syntax errors")
struct TOMLSyntaxErrorTests {
    @Test("names line, column and what is wrong", arguments: [
        ("[\n", 1, 2, "expected a key, found a newline"),
        ("[a\n", 1, 3, "expected ']' to close the table header"),
        ("[[a]\n", 1, 4, "expected ']]' to close the array-of-tables header"),
        ("a\n", 1, 2, "expected '=' after the key a"),
        ("a = \n", 1, 5, "expected a value, found a newline"),
        ("a = yes", 1, 5, "expected a value, found \"yes\""),
        ("a = 1 2", 1, 7, "expected the end of the line after a key/value pair"),
        ("[a] b = 1", 1, 5, "expected the end of the line after a table header"),
        ("x = 1\na = \"\\q\"", 2, 6, "invalid escape \"\\q\" in a string"),
        ("a = \"\\uD800\"", 1, 6, "not a Unicode scalar value"),
        ("a = \"\\U00110000\"", 1, 6, "not a Unicode scalar value"),
        ("a = \"\\u12\"", 1, 6, "expected 4 hexadecimal digits"),
        ("a = \"abc", 1, 5, "unterminated string"),
        ("a = \"\"\"abc\n\n", 1, 5, "unterminated string"),
        ("a = 'a\nb'", 1, 7, "unterminated string"),
        ("a = \"a\u{1}\"", 1, 7, "control character U+0001 must be escaped"),
        ("# a\u{7F}", 1, 4, "control character U+007F is not allowed in a comment"),
        ("a = 1\rb = 2", 1, 6, "a carriage return without a line feed"),
        ("a = 9223372036854775808", 1, 5, "integer 9223372036854775808 does not fit in 64 bits"),
        ("a = -9223372036854775809", 1, 5, "integer -9223372036854775809 does not fit in 64 bits"),
        ("a = 0x8000_0000_0000_0000", 1, 5, "integer 0x8000_0000_0000_0000 does not fit in 64 bits"),
        ("a = 012", 1, 5, "leading zeros are not allowed"),
        ("a = 1__2", 1, 6, "an underscore in a number must be between two digits"),
        ("a = 1.", 1, 7, "expected a digit after the decimal point"),
        ("a = 1e", 1, 7, "expected a digit in the exponent"),
        ("a = 0x", 1, 7, "expected a digit of base 16"),
        ("a = 2023-02-29", 1, 5, "invalid date 2023-02-29"),
        ("a = 07:60:00", 1, 5, "minute 60 does not exist"),
        ("a = 1979-05-27T07:32:00+24:00", 1, 24, "invalid time offset"),
        ("a = [1 2]", 1, 8, "expected ',' or ']' after an array element"),
        ("a = [1,", 1, 8, "unterminated array"),
        ("a = {b = 1,}", 1, 12, "an inline table cannot have a trailing comma"),
        ("a = {b = 1\n}", 1, 11, "an inline table must be on one line"),
        ("a = {b = 1 c = 2}", 1, 12, "expected ',' or '}'"),
        ("a..b = 1", 1, 3, "expected a key after '.'"),
        ("= 1", 1, 1, "expected a key, a table header or a comment"),
        ("\u{FEFF}a = 1", 1, 1, "expected a key, a table header or a comment"),
    ] as [(String, Int, Int, String)])
    func errors(text: String, line: Int, column: Int, message: String) {
        let error = parseError(text)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("line \(line), column \(column): ") == true)
    }

    @Test("refuses invalid UTF-8 at its place", arguments: [
        ([0x61, 0x20, 0x3D, 0x20, 0x27, 0xFF, 0x27], 1, 6),
        ([0x0A, 0x23, 0xC3, 0xA9, 0xC0, 0x80], 2, 3),
        ([0x23, 0xED, 0xA0, 0x80], 1, 2),  // a surrogate
        ([0x23, 0xF4, 0x90, 0x80, 0x80], 1, 2),  // past U+10FFFF
        ([0x23, 0xE2, 0x82], 1, 2),  // cut short
    ] as [([UInt8], Int, Int)])
    func invalidUTF8(bytes: [UInt8], line: Int, column: Int) {
        let error = parseError(bytes: bytes)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.contains("invalid UTF-8") == true)
    }

    @Test("reads CRLF line endings, refuses a CR alone")
    func lineEndings() throws {
        let table = try TOML.parse("a = 1\r\n[b]\r\nc = \"\"\"x\r\ny\"\"\"\r\n")
        #expect(table["b"]?.table?["c"] == .string("x\ny"))
        #expect(table["b"]?.table?.position(of: "c") == TOMLPosition(line: 3, column: 1))
        #expect(parseError("a = 1\r")?.message.contains("carriage return") == true)
        #expect(parseError("a = 'x\ry'") != nil)
        #expect(parseError("# x\r") != nil)
    }

    @Test("limits nesting instead of overflowing the stack")
    func nesting() {
        let limit = TOML.maximumNesting
        #expect(parseError("a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)) == nil)
        let deep = parseError("a = " + String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        #expect(deep?.message == "arrays and inline tables are nested more than 100 deep")
        #expect(deep?.column == 5 + limit)
        #expect(parseError("a = " + String(repeating: "[", count: 100_000))?.message.contains("nested") == true)
        #expect(parseError("a = " + String(repeating: "{b=", count: 100_000))?.message.contains("nested") == true)
        #expect(parseError(String(repeating: "[", count: 100_000)) != nil)
        let parts = Array(repeating: "k", count: limit + 1).joined(separator: ".")
        #expect(parseError(parts + " = 1")?.message.contains("more than 100 parts") == true)
        #expect(parseError("[" + parts + "]")?.message.contains("more than 100 parts") == true)
        #expect(parseError("a = {" + String(repeating: "b.", count: 60) + "c = {" + String(repeating: "d.", count: 60) + "e = 1}}") != nil)
    }

    @Test("survives hostile input", arguments: [
        "a = \"\\", "a = \"\"\"\\", "a = \"\\u", "a = \"\\U0000", "[[", "[[a", "a = 1979-", "a = 1979-05-",
        "a = 12:", "a = 12:30:", "a = +", "a = -", "a = 0b", "a = 1e+", "'", "\"", "a.", "a = {", "a = {b",
        "a = {b =", "a = [", "a = [,", "\u{0}", "a = 99999999999999999999999999999999999999999",
    ])
    func hostile(text: String) {
        #expect(parseError(text) != nil)
    }

    @Test("parses String and bytes alike")
    func stringAndBytes() throws {
        let text = "a = 'é'\n[b]\nc = [1, 2]\n"
        #expect(try TOML.parse(text) == TOML.parse(bytes: Array(text.utf8)))
    }

    @Test("parses a large document in linear time")
    func large() throws {
        var text = "wide = ["
        for index in 0..<20_000 { text += "{ k\(index) = \(index) }, " }
        text += "]\n"
        for index in 0..<2_000 { text += "[t\(index).sub]\nv = \"\(index)\"\nw.x.y = \(index)\n" }
        let table = try TOML.parse(text)
        #expect(table["wide"]?.array?.count == 20_000)
        #expect(table["t1999"]?.table?["sub"]?.table?["w"]?.table?["x"]?.table?["y"] == .integer(1999))
    }
}
