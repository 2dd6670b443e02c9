// toml-decode BATCH: decodes every TOML document of BATCH and prints one line of JSON per
// document, for Tests/Differential/toml_differential.py.
//
// BATCH is a sequence of records: a 4-byte little-endian length, then that many bytes of a
// TOML document. Each line is {"ok": VALUE} with VALUE in the toml-test tagged encoding
// (tables as objects, arrays as arrays, scalars as {"type": ..., "value": "text"}), or
// {"error": "line L, column C: message"}.

import Glibc
import WinddownCore

/// A JSON string literal, escaped as the daemon's own JSON writer does.
func appendJSONString(_ text: String, to output: inout String) {
    output += JSONValue.string(text).encoded()
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
let verdictsOnly = CommandLine.arguments.dropFirst().contains("--verdicts-only")
let arguments = CommandLine.arguments.filter { $0 != "--verdicts-only" }
guard arguments.count == 2 else { fail("usage: toml-decode [--verdicts-only] BATCH") }
let batch: [UInt8]
do { batch = try FileSystem.contents(of: arguments[1], limit: 1 << 30) } catch {
    fail("toml-decode: \(arguments[1]) \(error.message)")
}
guard decodeBatch(batch) else { fail("toml-decode: \(arguments[1]) ends inside a record") }
