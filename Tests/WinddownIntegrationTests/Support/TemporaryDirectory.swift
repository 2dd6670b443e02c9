import Foundation

/// A fresh folder under /tmp for one test, removed by `remove()` unless
/// `WINDDOWN_KEEP_TEMP` is set (then its path is printed, for a look after
/// a failure). Kept short: PulseAudio's socket path must fit in 108 bytes.
struct TemporaryDirectory: Sendable {
    let url: URL

    init(_ label: String) throws {
        var template = Array("/tmp/winddown-it-\(label).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: errno \(errno)"])
        }
        url = URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The folder's path, for tests that work with plain strings (Glibc only).
    var path: String { url.path }

    /// Writes `text` to `name` inside the folder and returns its URL.
    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        let target = file(name)
        try text.write(to: target, atomically: true, encoding: .utf8)
        return target
    }

    func remove() {
        if ProcessInfo.processInfo.environment["WINDDOWN_KEEP_TEMP"] != nil {
            print("keeping \(url.path)")
            return
        }
        try? FileManager.default.removeItem(at: url)
    }
}
