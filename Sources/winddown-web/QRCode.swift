#if canImport(Glibc)
    import Glibc
#endif
import Logging
import Subprocess

/// The page's address as a QR code on the terminal, drawn by Debian's
/// `qrencode` (block characters, readable by a phone's camera).
enum QRCode {
    static func print(_ text: String, logger: Logger) {
        Task {
            do {
                let result = try await Subprocess.run(
                    .name("qrencode"), arguments: ["-t", "UTF8", "-m", "2", text], output: .string(limit: 1 << 16),
                    error: .discarded)
                let drawing = result.standardOutput
                guard result.terminationStatus.isSuccess else {
                    logger.warning("qrencode could not draw the address (\(result.terminationStatus))")
                    return
                }
                // Straight to the terminal (or the journal): stdout may be a buffered pipe.
                var text = drawing
                text.withUTF8 { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            } catch {
                logger.warning("no QR code: qrencode is not installed (apt install qrencode)")
            }
        }
    }
}
