import Testing
import WinddownCore

extension ControlTests {
    @Suite("Line framing")
    struct LineFramerTests {
        private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

        /// Feeds `chunks` one after another and collects every frame.
        private func frames(_ chunks: [[UInt8]], maximumLength: Int = 4096) -> [LineFramer.Frame] {
            var framer = LineFramer(maximumLength: maximumLength)
            return chunks.flatMap { framer.feed($0) }
        }

        @Test("cuts lines and drops \\r before \\n")
        func cuts() {
            #expect(
                frames([bytes("ping\nstatus\r\n\nvolume +5\n")])
                    == [.line(bytes("ping")), .line(bytes("status")), .line([]), .line(bytes("volume +5"))])
        }

        @Test("the same frames however the bytes are chunked", arguments: [1, 2, 3, 7, 64])
        func chunking(size: Int) {
            let text = bytes("ping\r\nstatus\r\r\nhistory 5\nx\ry\n\r\n" + String(repeating: "a", count: 40) + "\n")
            let whole = frames([text], maximumLength: 32)
            let chunked = frames(stride(from: 0, to: text.count, by: size).map { Array(text[$0..<min($0 + size, text.count)]) }, maximumLength: 32)
            #expect(chunked == whole)
            #expect(
                whole == [
                    .line(bytes("ping")), .line(bytes("status\r")), .line(bytes("history 5")), .line(bytes("x\ry")), .line([]),
                    .tooLong,
                ])
        }

        @Test("a line of exactly the limit passes, with or without \\r")
        func exactLimit() {
            let full = [UInt8](repeating: 0x61, count: 8)
            #expect(frames([full + [0x0A]], maximumLength: 8) == [.line(full)])
            #expect(frames([full + [0x0D], [0x0A]], maximumLength: 8) == [.line(full)])
            #expect(frames([full + [0x0D, 0x61, 0x0A]], maximumLength: 8) == [.tooLong])
            #expect(frames([full + [0x61, 0x0A]], maximumLength: 8) == [.tooLong])
        }

        @Test("an overlong line is reported once, discarded to its newline, and the next line is read")
        func overlong() {
            var framer = LineFramer(maximumLength: 4096)
            var seen: [LineFramer.Frame] = []
            for _ in 0..<16 {
                seen += framer.feed([UInt8](repeating: 0x78, count: 65_536))
                #expect(framer.bufferedCount <= 4096)
            }
            seen += framer.feed(bytes("still junk\nping\n"))
            #expect(seen == [.tooLong, .line(bytes("ping"))])
        }

        @Test("1 MiB without a newline never buffers more than the limit")
        func megabyte() {
            var framer = LineFramer()
            let frames = framer.feed([UInt8](repeating: 0x41, count: 1 << 20))
            #expect(frames == [.tooLong])
            #expect(framer.bufferedCount == 0)
            #expect(framer.finish() == nil)
        }

        @Test("many one-byte chunks build the line and hold at most the limit")
        func tinyChunks() {
            var framer = LineFramer(maximumLength: 100)
            var seen: [LineFramer.Frame] = []
            for byte in bytes(String(repeating: "s", count: 100)) {
                seen += framer.feed([byte])
                #expect(framer.bufferedCount <= 100)
            }
            #expect(seen.isEmpty)
            seen += framer.feed(bytes("\r"))
            #expect(seen.isEmpty && framer.bufferedCount == 100)
            seen += framer.feed(bytes("\n"))
            #expect(seen == [.line([UInt8](repeating: 0x73, count: 100))])
        }

        @Test("invalid UTF-8 and NUL bytes pass through untouched for the parser to judge")
        func rawBytes() {
            let junk: [UInt8] = [0xFF, 0x00, 0xC3, 0x28, 0xED, 0xA0, 0x80]
            #expect(frames([junk + [0x0A]]) == [.line(junk)])
        }

        @Test("at the end, an unfinished line is handed over; a discarded one is not")
        func finish() {
            var framer = LineFramer(maximumLength: 8)
            #expect(framer.feed(bytes("ping\nstat")) == [.line(bytes("ping"))])
            #expect(framer.finish() == .line(bytes("stat")))
            #expect(framer.finish() == nil)
            #expect(framer.feed(bytes("123456789")) == [.tooLong])
            #expect(framer.finish() == nil)
            #expect(framer.feed(bytes("ab\r")) == [])
            #expect(framer.finish() == .line(bytes("ab\r")))
        }

        @Test("framed lines parse as requests or give the protocol's errors")
        func withParser() {
            let replies = frames([bytes("status\r\nbogus\n"), [0xFF, 0x0A], [UInt8](repeating: 0x61, count: 5000) + [0x0A]])
                .map { frame -> String in
                    switch frame {
                    case .tooLong: return ControlResponse.failure(.tooLongLine).line
                    case .line(let line):
                        do throws(ControlProtocolError) { return try ControlRequest(parsing: line).name } catch { return error.code.name }
                    }
                }
            #expect(
                replies == [
                    "status", "unknown-command", "invalid-text",
                    #"{"ok":false,"error":"line too long: requests are at most 4096 bytes"}"#,
                ])
        }
    }
}
