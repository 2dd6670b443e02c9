/// Checks and prepares the bytes of a document before parsing.
enum TOMLUTF8 {
    /// Throws at the first byte that does not start a well-formed UTF-8 sequence (overlong
    /// forms, surrogates and values past U+10FFFF are ill-formed).
    static func validate(_ bytes: [UInt8]) throws(TOMLSyntaxError) {
        var index = 0
        var line = 1
        var column = 1
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                if lead == ASCII.lf {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: throw invalid(lead, line: line, column: column)
            }
            for offset in 1..<length {
                guard index + offset < count else {
                    throw TOMLSyntaxError(
                        line: line, column: column,
                        message: "invalid UTF-8: the file ends inside a multi-byte character")
                }
                let byte = bytes[index + offset]
                let (min, max) = offset == 1 ? (low, high) : (0x80, 0xBF)
                guard byte >= min, byte <= max else { throw invalid(lead, line: line, column: column) }
            }
            index += length
            column += 1
        }
    }

    private static func invalid(_ lead: UInt8, line: Int, column: Int) -> TOMLSyntaxError {
        let digits = String(lead, radix: 16, uppercase: true)
        return TOMLSyntaxError(
            line: line, column: column,
            message: "invalid UTF-8: byte 0x\(digits.count < 2 ? "0" : "")\(digits) does not start a valid character")
    }

    /// The bytes with each CR LF turned into LF. Lines and columns stay the same; a CR that is
    /// left is an error wherever the parser meets it.
    static func normalizingLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(ASCII.cr) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.cr, index + 1 < bytes.count, bytes[index + 1] == ASCII.lf {
                index += 1
                continue
            }
            result.append(byte)
            index += 1
        }
        return result
    }
}
