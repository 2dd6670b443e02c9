#if canImport(Glibc)
    import Glibc
#endif

/// Writing a small text file without Foundation.
public enum TextFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        guard let file = fopen(path, "w") else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        if fputs(text, file) < 0 { throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}
