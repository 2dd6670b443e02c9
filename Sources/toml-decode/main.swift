// toml-decode BATCH: decodes every TOML document of BATCH and prints one line of JSON per
// document, for Tests/Differential/toml_differential.py.
//
// BATCH is a sequence of records: a 4-byte little-endian length, then that many bytes of a
// TOML document. Each line is {"ok": VALUE} with VALUE in the toml-test tagged encoding
// (tables as objects, arrays as arrays, scalars as {"type": ..., "value": "text"}), or
// {"error": "line L, column C: message"}.

import Glibc
import WinddownCore

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { contents.append(contentsOf: chunk[0..<count]) }
        if count < chunk.count { break }
    }
    return ferror(file) == 0 ? contents : nil
}

func appendJSONString(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let digits = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    output += "\""
}

func appendTagged(_ type: String, _ text: String, to output: inout String) {
    output += "{\"type\":\"\(type)\",\"value\":"
    appendJSONString(text, to: &output)
    output += "}"
}

func appendJSON(_ value: TOMLValue, to output: inout String) {
    switch value {
    case .string(let text): appendTagged("string", text, to: &output)
    case .integer(let number): appendTagged("integer", String(number), to: &output)
    case .float(let number): appendTagged("float", number.description, to: &output)
    case .boolean(let flag): appendTagged("bool", flag ? "true" : "false", to: &output)
    case .dateTime(let dateTime):
        let type: String
        switch (dateTime.date, dateTime.time, dateTime.offsetMinutes) {
        case (nil, _, _): type = "time-local"
        case (_, nil, _): type = "date-local"
        case (_, _, nil): type = "datetime-local"
        default: type = "datetime"
        }
        appendTagged(type, dateTime.description, to: &output)
    case .array(let elements):
        output += "["
        for (index, element) in elements.enumerated() {
            if index > 0 { output += "," }
            appendJSON(element, to: &output)
        }
        output += "]"
    case .table(let table):
        appendJSON(table, to: &output)
    }
}

func appendJSON(_ table: TOMLTable, to output: inout String) {
    output += "{"
    for (index, entry) in table.enumerated() {
        if index > 0 { output += "," }
        appendJSONString(entry.key, to: &output)
        output += ":"
        appendJSON(entry.value, to: &output)
    }
    output += "}"
}

func decodeBatch(_ batch: [UInt8]) -> Bool {
    var offset = 0
    while offset < batch.count {
        guard batch.count - offset >= 4 else { return false }
        var length = 0
        for index in 0..<4 { length |= Int(batch[offset + index]) << (8 * index) }
        offset += 4
        guard batch.count - offset >= length else { return false }
        let document = Array(batch[offset..<offset + length])
        offset += length
        var line = ""
        do {
            let table = try TOML.parse(bytes: document)
            if verdictsOnly {
                print("ok")
                continue
            }
            line += "{\"ok\":"
            appendJSON(table, to: &line)
            line += "}"
        } catch {
            line += "{\"error\":"
            appendJSONString(error.description, to: &line)
            line += "}"
        }
        print(line)
    }
    return true
}

func fail(_ message: String) -> Never {
    var text = message + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(2)
}

// `--verdicts-only` prints `ok` or the error for each document and skips
// the JSON, so that `make bench` times the reader alone.
let verdictsOnly = CommandLine.arguments.dropFirst().first == "--verdicts-only"
let arguments = CommandLine.arguments.filter { $0 != "--verdicts-only" }
guard arguments.count == 2 else { fail("usage: toml-decode [--verdicts-only] BATCH") }
guard let batch = readFile(arguments[1]) else { fail("toml-decode: cannot read \(arguments[1])") }
guard decodeBatch(batch) else { fail("toml-decode: \(arguments[1]) ends inside a record") }
