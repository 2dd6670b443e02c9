import Testing
import WinddownCore

/// Writes TZif files by hand, as RFC 8536 lays them out.
struct TZifBuilder {
    struct TimeType {
        var offset: Int32
        var isDaylightSaving: Bool
        var nameIndex: UInt8
    }

    var transitions: [Int64] = []
    var indices: [UInt8] = []
    var types: [TimeType] = [TimeType(offset: 0, isDaylightSaving: false, nameIndex: 0)]
    var names = "UTC\0"
    /// Nil writes a version 1 file.
    var footer: String? = ""

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    func header(version: UInt8, timeCount: Int) -> [UInt8] {
        var bytes = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
        for count in [0, 0, 0, timeCount, types.count, names.utf8.count] { bytes += Self.bigEndian(Int32(count)) }
        return bytes
    }

    func block(timeSize: Int, transitions: [Int64], indices: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for time in transitions { bytes += timeSize == 4 ? Self.bigEndian(Int32(time)) : Self.bigEndian(time) }
        bytes += indices
        for type in types { bytes += Self.bigEndian(type.offset) + [type.isDaylightSaving ? 1 : 0, type.nameIndex] }
        return bytes + Array(names.utf8)
    }

    var bytes: [UInt8] {
        guard let footer else {
            return header(version: 0, timeCount: transitions.count)
                + block(timeSize: 4, transitions: transitions, indices: indices)
        }
        // The version 1 block a reader of version 2 must skip: no transitions.
        return header(version: UInt8(ascii: "2"), timeCount: 0) + block(timeSize: 4, transitions: [], indices: [])
            + header(version: UInt8(ascii: "2"), timeCount: transitions.count)
            + block(timeSize: 8, transitions: transitions, indices: indices) + Array("\n\(footer)\n".utf8)
    }

    /// Two types, `AAA` at UTC and `BBB` an hour ahead in daylight time.
    static var twoTypes: TZifBuilder {
        var builder = TZifBuilder()
        builder.types = [
            TimeType(offset: 0, isDaylightSaving: false, nameIndex: 0),
            TimeType(offset: 3600, isDaylightSaving: true, nameIndex: 4),
        ]
        builder.names = "AAA\0BBB\0"
        return builder
    }
}

@Suite("TZif files")
struct TZifParsingTests {
    @Test("a version 1 file: type 0 before the first transition, then each transition's type")
    func versionOne() throws {
        var builder = TZifBuilder.twoTypes
        builder.footer = nil
        builder.transitions = [1000, 2000]
        builder.indices = [1, 0]
        let rules = try ZoneRules(tzif: builder.bytes)
        #expect([999, 1000, 1999, 2000, 1_000_000].map(rules.utcOffset(at:)) == [0, 3600, 3600, 0, 0])
        #expect([999, 1000, 2000].map(rules.abbreviation(at:)) == ["AAA", "BBB", "AAA"])
        #expect(rules.isDaylightSaving(at: 1500))
    }

    @Test("a version 2 file is read from its 64-bit block, times before 1901 included")
    func versionTwo() throws {
        var builder = TZifBuilder.twoTypes
        builder.transitions = [-3_000_000_000, 5_000_000_000]
        builder.indices = [1, 0]
        let rules = try ZoneRules(tzif: builder.bytes)
        #expect(rules.utcOffset(at: -3_000_000_001) == 0)
        #expect(rules.utcOffset(at: 0) == 3600)
        #expect(rules.utcOffset(at: 5_000_000_000) == 0)
    }

    @Test("the footer rules after the last transition; the table before it")
    func footerAfterLastTransition() throws {
        var builder = TZifBuilder()
        builder.types = [
            TZifBuilder.TimeType(offset: 3208, isDaylightSaving: false, nameIndex: 0),
            TZifBuilder.TimeType(offset: 3600, isDaylightSaving: false, nameIndex: 4),
        ]
        builder.names = "LMT\0CET\0"
        builder.transitions = [epoch("1900-01-01T00:00:00Z")]
        builder.indices = [1]
        builder.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        let rules = try ZoneRules(tzif: builder.bytes)
        #expect(rules.utcOffset(at: epoch("1899-12-31T23:59:59Z")) == 3208)
        #expect(rules.abbreviation(at: epoch("1899-12-31T23:59:59Z")) == "LMT")
        #expect(rules.utcOffset(at: epoch("2099-07-01T00:00:00Z")) == 7200)
        #expect(rules.abbreviation(at: epoch("2099-07-01T00:00:00Z")) == "CEST")
        #expect(rules.utcOffset(at: epoch("2099-12-01T00:00:00Z")) == 3600)
    }

    @Test("with no transitions the footer rules every instant")
    func footerOnly() throws {
        var builder = TZifBuilder()
        builder.footer = "CET-1CEST,M3.5.0,M10.5.0/3"
        let rules = try ZoneRules(tzif: builder.bytes)
        #expect(rules.utcOffset(at: epoch("2026-07-01T00:00:00Z")) == 7200)
        #expect(rules.utcOffset(at: epoch("2026-01-01T00:00:00Z")) == 3600)
    }

    @Test("broken files are refused with what is wrong", arguments: [
        ("empty", "TZif data truncated in the header"),
        ("magic", "not a TZif file (bad magic)"),
        ("version", "unknown TZif version byte 49"),
        ("cut", "TZif data truncated in the abbreviations"),
        ("index", "TZif transition names a local time type that does not exist"),
        ("order", "TZif transition times are not in ascending order"),
        ("types", "TZif data has no local time types"),
        ("name", "TZif local time type 0 is malformed"),
        ("footer", "bad time zone rule \"CET\": expected hours from 0 to 24 at position 4"),
        ("unframed", "TZif footer is missing its closing newline"),
    ])
    func broken(kind: String, message: String) {
        var builder = TZifBuilder.twoTypes
        builder.transitions = [10, 20]
        builder.indices = [1, 0]
        switch kind {
        case "index": builder.indices = [1, 2]
        case "order": builder.transitions = [20, 10]
        case "types": builder.types = []
        case "name": builder.types[0].nameIndex = 42
        case "footer": builder.footer = "CET"
        default: break
        }
        var data = builder.bytes
        switch kind {
        case "empty": data = Array("TZif2".utf8)
        case "magic": data[3] = UInt8(ascii: "X")
        case "version": data[4] = UInt8(ascii: "1")
        // The header, both types, half the abbreviations.
        case "cut": data = Array(data[0..<(44 + 12 + 4)])
        case "unframed": data.removeLast()
        default: break
        }
        #expect(throws: ZoneRulesError(message)) { try ZoneRules(tzif: data) }
    }

    @Test("real zones load and name their abbreviations", arguments: [
        ("Europe/Berlin", "2026-07-01T00:00:00Z", 7200, "CEST"),
        ("Europe/Berlin", "1890-01-01T00:00:00Z", 3208, "LMT"),
        ("America/New_York", "2026-01-15T00:00:00Z", -18000, "EST"),
        ("Australia/Lord_Howe", "2026-01-15T00:00:00Z", 39600, "+11"),
        ("Asia/Kolkata", "2026-01-15T00:00:00Z", 19800, "IST"),
        ("Asia/Tokyo", "2126-01-15T00:00:00Z", 32400, "JST"),
        ("UTC", "2026-01-15T00:00:00Z", 0, "UTC"),
        ("Pacific/Apia", "2011-12-29T00:00:00Z", -36000, "-10"),
        ("Pacific/Apia", "2011-12-31T00:00:00Z", 50400, "+14"),
    ] as [(String, String, Int, String)])
    func realZones(name: String, instant: String, offset: Int, abbreviation: String) throws {
        let rules = try zone(name)
        #expect(rules.utcOffset(at: epoch(instant)) == offset)
        #expect(rules.abbreviation(at: epoch(instant)) == abbreviation)
    }

    @Test("UTC is the same as the system's UTC file")
    func utc() throws {
        let system = try zone("Etc/UTC")
        for instant in [Int64(-2_208_988_800), 0, 1_800_000_000, 7_258_118_400] {
            #expect(ZoneRules.utc.utcOffset(at: instant) == system.utcOffset(at: instant))
            #expect(ZoneRules.utc.abbreviation(at: instant) == system.abbreviation(at: instant))
        }
    }
}
