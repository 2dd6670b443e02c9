import CSystemd
import Glibc

/// journald's native protocol through libsystemd.
enum Journal {
    /// Sends one entry: each field `NAME=value` (values may hold newlines).
    /// Without a journal (`/run/systemd/journal/socket` missing) libsystemd
    /// drops the entry and reports success.
    ///
    /// This is a `sendmsg` on a *blocking* datagram socket inside
    /// libsystemd: it waits while journald's queue is full. Callers that
    /// must not wait go through `JournalSender`.
    static func send(_ fields: [String]) throws(SystemdError) {
        guard !fields.isEmpty else { return }
        // One buffer holding every field back to back; the iovecs point into it.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = buffer.count
            buffer.append(contentsOf: field.utf8)
            ranges.append(start..<buffer.count)
        }
        let result = buffer.withUnsafeMutableBytes { bytes -> Int32 in
            let iovecs = ranges.map { iovec(iov_base: bytes.baseAddress! + $0.lowerBound, iov_len: $0.count) }
            return iovecs.withUnsafeBufferPointer { winddown_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
        try check(result, "sd_journal_sendv")
    }
}
