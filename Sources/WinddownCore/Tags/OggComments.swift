/// The comments of an Ogg Vorbis or Ogg Opus file (`TTS_ENGINE=piper`,
/// `TTS_VOICE=en_US-joe-medium`), read from the file's first bytes: the
/// shipped prompt clips say in them which voice spoke them. Pure parsing
/// of untrusted bytes, fuzzed: any input returns or throws, never traps.
public struct OggComments: Sendable {
    /// The encoder's vendor string.
    public var vendor: String
    /// `KEY=value` pairs in file order; keys as written (compare them case-insensitively).
    public var fields: [(key: String, value: String)]

    /// How many bytes from the start of a file always hold the comments of
    /// a small clip (the identification and comment packets come first).
    public static let prefixLength = 64 << 10

    /// The value of the first field named `key`, in any letter case.
    public func value(_ key: String) -> String? {
        let wanted = key.uppercased()
        return fields.first { $0.key.uppercased() == wanted }?.value
    }

    /// Reads the comment packet (the second packet of the first logical
    /// stream) out of `bytes`, the start of an Ogg file.
    public init(oggPrefix bytes: [UInt8]) throws(OggCommentError) {
        let packet = try Self.secondPacket(in: bytes)
        var reader = ByteReader(bytes: packet)
        if reader.skip(prefix: [3] + Array("vorbis".utf8)) || reader.skip(prefix: Array("OpusTags".utf8)) {
            // Vorbis and Opus lay the comments out the same way after their magic.
        } else {
            throw OggCommentError("the second packet is not a Vorbis or Opus comment header")
        }
        vendor = try reader.string()
        let count = try reader.uint32()
        guard count <= 10_000 else { throw OggCommentError("claims \(count) comments") }
        var fields: [(key: String, value: String)] = []
        for _ in 0..<count {
            let field = try reader.string()
            guard let equals = field.firstIndex(of: "=") else { continue }
            fields.append((String(field[..<equals]), String(field[field.index(after: equals)...])))
        }
        self.fields = fields
    }

    /// Reassembles the second packet from the pages' segment tables.
    private static func secondPacket(in bytes: [UInt8]) throws(OggCommentError) -> [UInt8] {
        var offset = 0
        var packets = 0
        var current: [UInt8] = []
        var serial: ArraySlice<UInt8>?
        while offset + 27 <= bytes.count {
            guard bytes[offset..<offset + 4].elementsEqual("OggS".utf8) else {
                throw OggCommentError("no Ogg page at byte \(offset)")
            }
            let pageSerial = bytes[offset + 14..<offset + 18]
            let segments = Int(bytes[offset + 26])
            let tableEnd = offset + 27 + segments
            guard tableEnd <= bytes.count else { break }
            let lengths = bytes[offset + 27..<tableEnd].map(Int.init)
            var data = tableEnd
            // Pages of other streams (a chained or multiplexed file) are passed over.
            let ours = serial.map { $0.elementsEqual(pageSerial) } ?? true
            if serial == nil { serial = pageSerial }
            for length in lengths {
                guard data + length <= bytes.count else { throw OggCommentError("the comments run past the bytes read") }
                if ours {
                    current += bytes[data..<data + length]
                    guard current.count <= prefixLength else { throw OggCommentError("the comment packet is too long") }
                    if length < 255 {
                        packets += 1
                        if packets == 2 { return current }
                        current = []
                    }
                }
                data += length
            }
            offset = data
        }
        throw OggCommentError("no comment packet in the first \(bytes.count) bytes")
    }
}

/// Why an Ogg file's comments could not be read.
public struct OggCommentError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Little-endian fields of a comment packet, bounds-checked.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func skip(prefix: [UInt8]) -> Bool {
        guard bytes.count - offset >= prefix.count, bytes[offset..<offset + prefix.count].elementsEqual(prefix) else { return false }
        offset += prefix.count
        return true
    }

    mutating func uint32() throws(OggCommentError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw OggCommentError("the comment header ends early") }
        let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        offset += 4
        return value
    }

    mutating func string() throws(OggCommentError) -> String {
        let length = Int(try uint32())
        guard bytes.count - offset >= length else { throw OggCommentError("a comment runs past the header") }
        let text = String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        offset += length
        return text
    }
}
