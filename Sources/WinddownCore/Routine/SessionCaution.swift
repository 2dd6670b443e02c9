/// The spoken health caution a session may open with (`session.caution`):
/// who should ask a doctor first, and to stop if anything hurts. Its text
/// is shipped data (`caution.txt` in the data folder, `config/caution.txt`
/// in the source tree), so it is voiced and translated like a routine.
public enum SessionCaution {
    /// Room the configuration check leaves for the caution when it judges
    /// whether a routine fits: the shipped clip speaks for 42.5 s, and its
    /// step adds the chime's lead and a pause (a test holds the two together).
    public static let reservedLength: Duration = .seconds(50)

    /// The caution's text from the library's data folder, whitespace
    /// trimmed; an error naming the file when it cannot be read.
    public static func text(in library: RoutineLibrary) -> Result<String, CautionError> {
        guard let data = library.dataDirectory else {
            return .failure(CautionError(message: "no data folder (set WINDDOWN_DATA_DIR), so no caution.txt"))
        }
        let installed = FileSystem.join(data, "caution.txt")
        let path = FileSystem.kind(of: installed) == .missing ? FileSystem.join(data, "config/caution.txt") : installed
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path, limit: 64 << 10) } catch {
            return .failure(CautionError(message: "cannot read \(path): \(error.message)"))
        }
        guard let text = String(validating: bytes, as: UTF8.self), !text.allSatisfy(\.isWhitespace) else {
            return .failure(CautionError(message: "\(path) is empty or not UTF-8 text"))
        }
        return .success(PromptKey.normalized(text))
    }
}

/// The caution could not be read.
public struct CautionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
