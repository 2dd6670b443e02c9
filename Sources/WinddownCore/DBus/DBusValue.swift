/// One value of a D-Bus message body, with its D-Bus type: what the bus
/// wrapper reads out of a message and writes into one, so the logic that
/// answers calls (MPRIS) stays pure and testable without a bus.
public indirect enum DBusValue: Equatable, Sendable {
    case byte(UInt8)
    case boolean(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    /// A file descriptor passed over the bus (owned by its message).
    case unixFD(Int32)
    case variant(DBusValue)
    /// `a…`: the elements' signature is kept, so an empty array has a type.
    case array(element: String, [DBusValue])
    /// `(…)`
    case structure([DBusValue])
    /// `{kv}`, only inside an array: a dictionary is `.array(element: "{sv}", …)`.
    case dictionaryEntry(DBusValue, DBusValue)

    /// The value's type, as a D-Bus signature.
    public var signature: String {
        switch self {
        case .byte: "y"
        case .boolean: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .unixFD: "h"
        case .variant: "v"
        case .array(let element, _): "a" + element
        case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
        case .dictionaryEntry(let key, let value): "{" + key.signature + value.signature + "}"
        }
    }

    /// `a{sv}`, the shape of D-Bus property tables and MPRIS metadata.
    public static func dictionary(_ entries: [(String, DBusValue)]) -> DBusValue {
        .array(element: "{sv}", entries.map { .dictionaryEntry(.string($0.0), .variant($0.1)) })
    }

    public var stringValue: String? {
        switch self {
        case .string(let text), .objectPath(let text), .signature(let text): text
        default: nil
        }
    }

    /// The value inside a variant, or the value itself.
    public var unwrapped: DBusValue {
        if case .variant(let inner) = self { return inner.unwrapped }
        return self
    }
}

/// A D-Bus error to answer a call with: its name, and a sentence for people.
public struct DBusErrorReply: Equatable, Sendable, Error {
    public var name: String
    public var message: String

    public init(_ name: String, _ message: String) {
        self.name = name
        self.message = message
    }

    public static func invalidArguments(_ message: String) -> DBusErrorReply {
        DBusErrorReply("org.freedesktop.DBus.Error.InvalidArgs", message)
    }
}
