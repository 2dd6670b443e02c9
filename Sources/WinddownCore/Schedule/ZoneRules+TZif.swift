extension ZoneRules {
    /// Reads a TZif file (RFC 8536): the 64-bit data block of version 2 and
    /// later when present, else the version 1 block, and the POSIX `TZ`
    /// footer for instants after the last transition. Leap-second records
    /// are skipped: the zones under `right/` are not for civil time.
    public init(tzif bytes: [UInt8]) throws(ZoneRulesError) {
        var reader = TZifReader(bytes: bytes)
        let first = try reader.header()
        guard first.version >= 2 else {
            try self.init(block: reader.block(first, timeSize: 4), footer: nil)
            return
        }
        _ = try reader.block(first, timeSize: 4)
        let second = try reader.header()
        let block = try reader.block(second, timeSize: 8)
        try self.init(block: block, footer: reader.footer())
    }

    private init(block: TZifReader.Block, footer: PosixTimeZone?) throws(ZoneRulesError) {
        for index in block.transitions.indices.dropFirst() where block.transitions[index - 1] >= block.transitions[index] {
            throw ZoneRulesError("TZif transition times are not in ascending order")
        }
        self.init(transitions: block.transitions, transitionTypes: block.transitionTypes, types: block.types, footer: footer)
    }
}

/// Walks the bytes of a TZif file, checking every count against what is left.
private struct TZifReader {
    struct Header {
        /// 1 for version 1 (a NUL byte), else the digit.
        var version: Int
        var isUTCCount: Int, isStandardCount: Int, leapCount: Int, timeCount: Int, typeCount: Int, charCount: Int
    }

    struct Block {
        var transitions: [Int64]
        var transitionTypes: [Int]
        var types: [LocalTimeType]
    }

    let bytes: [UInt8]
    var index = 0

    mutating func take(_ count: Int, for what: String) throws(ZoneRulesError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - index else { throw ZoneRulesError("TZif data truncated in \(what)") }
        defer { index += count }
        return bytes[index..<index + count]
    }

    static func integer(_ slice: ArraySlice<UInt8>) -> Int64 {
        let unsigned = slice.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // Sign-extend from the slice's width.
        let shift = UInt64(64 - 8 * slice.count)
        return Int64(bitPattern: unsigned << shift) >> Int64(shift)
    }

    mutating func header() throws(ZoneRulesError) -> Header {
        let raw = try take(44, for: "the header")
        guard raw.prefix(4).elementsEqual("TZif".utf8) else { throw ZoneRulesError("not a TZif file (bad magic)") }
        let versionByte = raw[raw.startIndex + 4]
        let version: Int
        switch versionByte {
        case 0: version = 1
        case UInt8(ascii: "2")...UInt8(ascii: "9"): version = Int(versionByte - UInt8(ascii: "0"))
        default: throw ZoneRulesError("unknown TZif version byte \(versionByte)")
        }
        var counts: [Int] = []
        for field in 0..<6 {
            let start = raw.startIndex + 20 + field * 4
            let value = Self.integer(raw[start..<start + 4])
            guard (0...1_000_000).contains(value) else { throw ZoneRulesError("TZif header holds an impossible count") }
            counts.append(Int(value))
        }
        let header = Header(
            version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
            timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
        guard header.typeCount >= 1 else { throw ZoneRulesError("TZif data has no local time types") }
        guard header.charCount >= 1 else { throw ZoneRulesError("TZif data has no abbreviations") }
        guard [0, header.typeCount].contains(header.isUTCCount), [0, header.typeCount].contains(header.isStandardCount) else {
            throw ZoneRulesError("TZif standard/UT indicator counts do not match the type count")
        }
        return header
    }

    mutating func block(_ header: Header, timeSize: Int) throws(ZoneRulesError) -> Block {
        let times = try take(header.timeCount * timeSize, for: "the transition times")
        let indices = try take(header.timeCount, for: "the transition types")
        let records = try take(header.typeCount * 6, for: "the local time types")
        let characters = try take(header.charCount, for: "the abbreviations")
        _ = try take(header.leapCount * (timeSize + 4), for: "the leap-second records")
        _ = try take(header.isStandardCount + header.isUTCCount, for: "the standard/UT indicators")

        let transitions = stride(from: times.startIndex, to: times.endIndex, by: timeSize).map {
            Self.integer(times[$0..<$0 + timeSize])
        }
        let transitionTypes = indices.map(Int.init)
        guard transitionTypes.allSatisfy({ $0 < header.typeCount }) else {
            throw ZoneRulesError("TZif transition names a local time type that does not exist")
        }
        var types: [LocalTimeType] = []
        for start in stride(from: records.startIndex, to: records.endIndex, by: 6) {
            let offset = Int(Self.integer(records[start..<start + 4]))
            let isDaylightSaving = records[start + 4]
            let nameIndex = Int(records[start + 5])
            guard offset > -25 * 3600, offset < 26 * 3600, isDaylightSaving <= 1, nameIndex < header.charCount else {
                throw ZoneRulesError("TZif local time type \(types.count) is malformed")
            }
            let name = characters.dropFirst(nameIndex).prefix { $0 != 0 }
            types.append(
                LocalTimeType(
                    utcOffset: offset, isDaylightSaving: isDaylightSaving == 1,
                    abbreviation: String(decoding: name, as: UTF8.self)))
        }
        return Block(transitions: transitions, transitionTypes: transitionTypes, types: types)
    }

    /// The `\n`-framed POSIX rule after the 64-bit block; nil when empty.
    mutating func footer() throws(ZoneRulesError) -> PosixTimeZone? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else {
            throw ZoneRulesError("TZif footer is missing its opening newline")
        }
        let rest = bytes[(index + 1)...]
        guard let end = rest.firstIndex(of: UInt8(ascii: "\n")) else {
            throw ZoneRulesError("TZif footer is missing its closing newline")
        }
        index = end + 1
        let text = String(decoding: rest[..<end], as: UTF8.self)
        return text.isEmpty ? nil : try PosixTimeZone(parsing: text)
    }
}
