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
            e.f = 'é'; 
            """.replacingSemicolon())
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

extension String {
    /// Test documents mark a line end that must stay unstripped with ";".
    fileprivate func replacingSemicolon() -> String {
        split(separator: ";", omittingEmptySubsequences: false).joined()
    }
}
