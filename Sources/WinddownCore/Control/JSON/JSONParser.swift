/// A strict JSON reader (RFC 8259) with limits, for text that arrives over a
/// socket: the client reads the daemon's responses with it.
///
/// Strict means: one value, surrounded only by JSON whitespace; no comments,
/// trailing commas, single quotes, leading zeros, `NaN`, byte-order mark or
/// lone surrogates; strings are valid UTF-8 without raw control characters;
/// an object may not repeat a key. Integers that fit in `Int` become `.int`,
/// every other number `.double` (one too large for a `Double` is an error).
public struct JSONParser: Sendable {
    /// Longest accepted input, in bytes.
    public var maximumLength: Int
    /// Deepest accepted nesting of arrays and objects (1 for `[]`).
    public var maximumDepth: Int

    public init(maximumLength: Int = 1 << 22, maximumDepth: Int = 64) {
        self.maximumLength = maximumLength
        self.maximumDepth = maximumDepth
    }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maximumLength else {
            throw JSONParseError(offset: maximumLength, message: "longer than \(maximumLength) bytes")
        }
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < bytes.count {
            throw reader.failure("unexpected \(reader.describeCurrent()) after the end of the value")
        }
        return value
    }
}

/// Why a text is not acceptable JSON, and where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset into the input where the problem was found.
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
