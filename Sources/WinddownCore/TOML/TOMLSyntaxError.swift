/// Why a document is not valid TOML, and where.
public struct TOMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars.
    public let column: Int
    /// A short lowercase phrase naming what is wrong, e.g. "expected ']' to close the table
    /// header" or "key \"a\" is defined twice (first on line 2)".
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ message: String, at position: TOMLPosition) {
        self.init(line: position.line, column: position.column, message: message)
    }

    /// "line L, column C: MESSAGE".
    public var description: String { "line \(line), column \(column): \(message)" }
}
