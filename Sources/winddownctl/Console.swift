#if canImport(Glibc)
    import Glibc
#endif

/// Terminal output without Foundation.
enum Console {
    static func out(_ lines: [String]) {
        for line in lines { print(line) }
        fflush(nil)
    }

    /// Writes `text` and a newline to standard error, unbuffered.
    static func error(_ text: String) {
        fflush(nil)
        let bytes = Array(("winddownctl: " + text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    static var isTerminal: Bool { isatty(1) == 1 }

    /// Rewrites the current terminal line with `text`.
    static func redraw(_ text: String) {
        print("\r" + text + "\u{1B}[K", terminator: "")
        fflush(nil)
    }

    /// On Ctrl-C, ends the half-drawn line before exiting (130, as shells do).
    static func endLineOnInterrupt() {
        signal(SIGINT) { _ in
            var newline = UInt8(ascii: "\n")
            _ = write(1, &newline, 1)
            _exit(130)
        }
    }
}
