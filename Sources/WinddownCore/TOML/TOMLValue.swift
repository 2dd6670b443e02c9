/// One value of a TOML document.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    /// Equality treats two NaNs as equal (and, like `Double`, `-0.0` as equal to `0.0`).
    case float(Double)
    case boolean(Bool)
    /// An offset date-time, a local date-time, a local date or a local time.
    case dateTime(TOMLDateTime)
    /// Arrays may mix kinds of values (TOML 1.0).
    case array([TOMLValue])
    case table(TOMLTable)

    public var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    public var integer: Int64? {
        guard case .integer(let value) = self else { return nil }
        return value
    }

    public var float: Double? {
        guard case .float(let value) = self else { return nil }
        return value
    }

    public var boolean: Bool? {
        guard case .boolean(let value) = self else { return nil }
        return value
    }

    public var dateTime: TOMLDateTime? {
        guard case .dateTime(let value) = self else { return nil }
        return value
    }

    public var array: [TOMLValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    public var table: TOMLTable? {
        guard case .table(let value) = self else { return nil }
        return value
    }

    /// What kind of value this is, for messages: "string", "integer", "floating-point number",
    /// "boolean", "date-time", "date", "time", "array" or "table".
    public var kindName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "floating-point number"
        case .boolean: "boolean"
        case .dateTime(let value): value.kindName
        case .array: "array"
        case .table: "table"
        }
    }

    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        case (.dateTime(let a), .dateTime(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        default: false
        }
    }
}

/// A place in a TOML document: 1-based line, and 1-based column counted in Unicode scalars.
public struct TOMLPosition: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}
