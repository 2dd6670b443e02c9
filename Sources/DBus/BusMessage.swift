#if canImport(Glibc)
    import Glibc
#endif
import CSystemd
public import WinddownCore

/// One D-Bus message, referenced for as long as this lives (a call can be
/// kept and answered later). Its body is read and written as `DBusValue`s.
public final class BusMessage {
    let handle: OpaquePointer

    /// Takes a reference of its own to `handle`.
    init(retaining handle: OpaquePointer) {
        self.handle = sd_bus_message_ref(handle)
    }

    /// Adopts the reference the caller owns.
    init(adopting handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { sd_bus_message_unref(handle) }

    public var interface: String? { sd_bus_message_get_interface(handle).map { String(cString: $0) } }
    public var member: String? { sd_bus_message_get_member(handle).map { String(cString: $0) } }
    public var path: String? { sd_bus_message_get_path(handle).map { String(cString: $0) } }
    public var sender: String? { sd_bus_message_get_sender(handle).map { String(cString: $0) } }
    /// The body's complete signature.
    public var signature: String { sd_bus_message_get_signature(handle, 1).map { String(cString: $0) } ?? "" }

    /// The whole body, from its start. File descriptors in it stay the message's (dup them to keep them).
    /// More than `limit` values in all (a client's 64 MiB array) is an error, not gigabytes of memory.
    public func values(limit: Int = 4096) throws(BusError) -> [DBusValue] {
        try check(sd_bus_message_rewind(handle, 1), "sd_bus_message_rewind()")
        budget = limit
        return try readUntilEnd()
    }

    /// Values still allowed in the body being read.
    private var budget = 0

    private func readUntilEnd() throws(BusError) -> [DBusValue] {
        var values: [DBusValue] = []
        while true {
            var type: CChar = 0
            var contents: UnsafePointer<CChar>?
            if try check(sd_bus_message_peek_type(handle, &type, &contents), "sd_bus_message_peek_type()") == 0 { return values }
            budget -= 1
            guard budget >= 0 else { throw BusError("reading the message body (more values than this call takes)", code: -E2BIG) }
            values.append(try readOne(UInt8(bitPattern: type), contents: contents.map { String(cString: $0) } ?? ""))
        }
    }

    private func readBasic<T>(_ type: UInt8, _ zero: T) throws(BusError) -> T {
        var value = zero
        try check(withUnsafeMutablePointer(to: &value) { sd_bus_message_read_basic(handle, CChar(bitPattern: type), $0) }, "sd_bus_message_read_basic()")
        return value
    }

    private func readOne(_ type: UInt8, contents: String) throws(BusError) -> DBusValue {
        switch type {
        case UInt8(ascii: "y"): return .byte(try readBasic(type, UInt8(0)))
        case UInt8(ascii: "b"): return .boolean(try readBasic(type, Int32(0)) != 0)
        case UInt8(ascii: "n"): return .int16(try readBasic(type, Int16(0)))
        case UInt8(ascii: "q"): return .uint16(try readBasic(type, UInt16(0)))
        case UInt8(ascii: "i"): return .int32(try readBasic(type, Int32(0)))
        case UInt8(ascii: "u"): return .uint32(try readBasic(type, UInt32(0)))
        case UInt8(ascii: "x"): return .int64(try readBasic(type, Int64(0)))
        case UInt8(ascii: "t"): return .uint64(try readBasic(type, UInt64(0)))
        case UInt8(ascii: "d"): return .double(try readBasic(type, Double(0)))
        case UInt8(ascii: "h"): return .unixFD(try readBasic(type, Int32(-1)))
        case UInt8(ascii: "s"), UInt8(ascii: "o"), UInt8(ascii: "g"):
            let pointer = try readBasic(type, UnsafePointer<CChar>?.none)
            let text = pointer.map { String(cString: $0) } ?? ""
            return type == UInt8(ascii: "s") ? .string(text) : type == UInt8(ascii: "o") ? .objectPath(text) : .signature(text)
        case UInt8(ascii: "a"), UInt8(ascii: "v"), UInt8(ascii: "r"), UInt8(ascii: "e"):
            try check(sd_bus_message_enter_container(handle, CChar(bitPattern: type), contents), "sd_bus_message_enter_container()")
            let inner = try readUntilEnd()
            try check(sd_bus_message_exit_container(handle), "sd_bus_message_exit_container()")
            switch type {
            case UInt8(ascii: "a"): return .array(element: contents, inner)
            case UInt8(ascii: "v"):
                guard inner.count == 1 else { throw BusError("sd_bus_message_enter_container(v)", code: -EBADMSG) }
                return .variant(inner[0])
            case UInt8(ascii: "r"): return .structure(inner)
            default:
                guard inner.count == 2 else { throw BusError("sd_bus_message_enter_container(e)", code: -EBADMSG) }
                return .dictionaryEntry(inner[0], inner[1])
            }
        default:
            throw BusError("sd_bus_message_peek_type() type \(Character(Unicode.Scalar(type)))", code: -EBADMSG)
        }
    }

    /// Appends `values` to the body.
    func append(_ values: [DBusValue]) throws(BusError) {
        for value in values { try append(value) }
    }

    private func appendBasic<T>(_ type: Character, _ value: T) throws(BusError) {
        var value = value
        let code = CChar(bitPattern: type.asciiValue ?? 0)
        try check(withUnsafePointer(to: &value) { sd_bus_message_append_basic(handle, code, $0) }, "sd_bus_message_append_basic()")
    }

    private func appendText(_ type: Character, _ text: String) throws(BusError) {
        let code = CChar(bitPattern: type.asciiValue ?? 0)
        try check(text.withCString { sd_bus_message_append_basic(handle, code, $0) }, "sd_bus_message_append_basic(\(type))")
    }

    private func container(_ type: Character, _ contents: String, _ inner: [DBusValue]) throws(BusError) {
        let code = CChar(bitPattern: type.asciiValue ?? 0)
        try check(sd_bus_message_open_container(handle, code, contents), "sd_bus_message_open_container(\(type))")
        for value in inner { try append(value) }
        try check(sd_bus_message_close_container(handle), "sd_bus_message_close_container()")
    }

    private func append(_ value: DBusValue) throws(BusError) {
        switch value {
        case .byte(let v): try appendBasic("y", v)
        case .boolean(let v): try appendBasic("b", Int32(v ? 1 : 0))
        case .int16(let v): try appendBasic("n", v)
        case .uint16(let v): try appendBasic("q", v)
        case .int32(let v): try appendBasic("i", v)
        case .uint32(let v): try appendBasic("u", v)
        case .int64(let v): try appendBasic("x", v)
        case .uint64(let v): try appendBasic("t", v)
        case .double(let v): try appendBasic("d", v)
        case .unixFD(let v): try appendBasic("h", v)
        case .string(let v): try appendText("s", v)
        case .objectPath(let v): try appendText("o", v)
        case .signature(let v): try appendText("g", v)
        case .variant(let inner): try container("v", inner.signature, [inner])
        case .array(let element, let items): try container("a", element, items)
        case .structure(let fields): try container("r", fields.map(\.signature).joined(), fields)
        case .dictionaryEntry(let key, let item): try container("e", key.signature + item.signature, [key, item])
        }
    }
}
