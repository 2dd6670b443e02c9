/// Cuts a byte stream from one client into request lines.
///
/// Lines end with `\n`; a `\r` right before it is dropped. A line longer
/// than `maximumLength` bytes (line ending excluded) is reported once as
/// `.tooLong` and its bytes are dropped up to and including the next `\n`,
/// so the framer never holds more than `maximumLength` bytes whatever a
/// client sends. The bytes are not checked in any other way: UTF-8 and the
/// rest are `ControlRequest(parsing:)`'s business.
public struct LineFramer: Sendable {
    public enum Frame: Equatable, Sendable {
        /// One complete line, without its line ending.
        case line([UInt8])
        /// A line went past the limit; it is being discarded.
        case tooLong
    }

    public let maximumLength: Int
    /// The start of the current line (at most `maximumLength` bytes).
    private var buffer: [UInt8] = []
    /// A `\r` was the last byte seen and is not in `buffer` yet: it is only
    /// content if something other than `\n` follows.
    private var pendingCarriageReturn = false
    /// Inside an overlong line: drop everything up to the next `\n`.
    private var discarding = false

    public init(maximumLength: Int = ControlRequest.maximumLineLength) {
        self.maximumLength = max(maximumLength, 1)
        buffer.reserveCapacity(min(self.maximumLength, 4096))
    }

    /// Bytes held for an unfinished line (never more than `maximumLength`).
    public var bufferedCount: Int { buffer.count }

    /// Takes the next bytes read from the client and returns the frames they
    /// complete, in order.
    public mutating func feed(_ bytes: some BidirectionalCollection<UInt8>) -> [Frame] {
        var frames: [Frame] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            let newline = rest.firstIndex(of: UInt8(ascii: "\n"))
            let chunk = rest[..<(newline ?? rest.endIndex)]
            if !discarding { append(chunk, frames: &frames) }
            guard let newline else { break }
            if discarding {
                discarding = false
            } else {
                frames.append(.line(buffer))
            }
            buffer.removeAll(keepingCapacity: true)
            pendingCarriageReturn = false
            rest = rest[rest.index(after: newline)...]
        }
        return frames
    }

    /// At the end of the stream: the last line if it had no newline.
    public mutating func finish() -> Frame? {
        defer {
            buffer.removeAll()
            pendingCarriageReturn = false
            discarding = false
        }
        if discarding { return nil }
        if pendingCarriageReturn {
            // A final "\r" with no "\n": it is content, if it still fits.
            guard buffer.count < maximumLength else { return .tooLong }
            buffer.append(UInt8(ascii: "\r"))
        }
        return buffer.isEmpty ? nil : .line(buffer)
    }

    /// Adds bytes that contain no `\n` to the current line.
    private mutating func append(_ chunk: some BidirectionalCollection<UInt8>, frames: inout [Frame]) {
        guard !chunk.isEmpty else { return }
        var content = chunk[...]
        // A held "\r" followed by more bytes was content after all.
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            if !fits(1, frames: &frames) { return }
            buffer.append(UInt8(ascii: "\r"))
        }
        if content.last == UInt8(ascii: "\r") {
            content = content.dropLast()
            pendingCarriageReturn = true
        }
        if !fits(content.count, frames: &frames) { return }
        buffer.append(contentsOf: content)
    }

    /// Whether `count` more bytes fit; if not, reports the line as too long
    /// once and starts discarding it.
    private mutating func fits(_ count: Int, frames: inout [Frame]) -> Bool {
        if buffer.count + count <= maximumLength { return true }
        frames.append(.tooLong)
        discarding = true
        pendingCarriageReturn = false
        buffer.removeAll(keepingCapacity: true)
        return false
    }
}
