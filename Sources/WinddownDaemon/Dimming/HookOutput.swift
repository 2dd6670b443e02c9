/// A hook's output cut into lines for the log, in bounded memory whatever
/// the hook writes: a line longer than `maxLineBytes` is cut there (the
/// rest of it is dropped), and after `maxLines` lines the rest are only
/// counted. Bytes go in as they are read; finished lines come out.
struct HookOutput {
    static let maxLineBytes = 1000
    static let maxLines = 200

    private var partial: [UInt8] = []
    private var partialCut = false
    private(set) var lines = 0
    /// Lines past `maxLines`, counted but not logged.
    private(set) var droppedLines = 0

    init() { partial.reserveCapacity(Self.maxLineBytes) }

    /// Takes `bytes`; calls `emit` with each line they finish (without the newline).
    mutating func take(_ bytes: UnsafeRawBufferPointer, emit: (String) -> Void) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                finishLine(emit: emit)
            } else if partial.count < Self.maxLineBytes {
                partial.append(byte)
            } else {
                partialCut = true
            }
        }
    }

    /// The last line, when the output did not end in a newline.
    mutating func finish(emit: (String) -> Void) {
        if !partial.isEmpty || partialCut { finishLine(emit: emit) }
    }

    private mutating func finishLine(emit: (String) -> Void) {
        defer {
            partial.removeAll(keepingCapacity: true)
            partialCut = false
        }
        guard lines < Self.maxLines else {
            droppedLines += 1
            return
        }
        lines += 1
        emit(String(decoding: partial, as: UTF8.self) + (partialCut ? " [line cut]" : ""))
    }
}
