/// Names a spoken prompt's audio clip after its text, so that a shipped
/// clip is found for text nobody changed, and edited text is seen to have
/// none and is rendered at run time.
///
/// The key is the lowercase hex of the 64-bit FNV-1a hash of the UTF-8
/// bytes of the normalized text. `scripts/prompts/render_prompts.py`
/// computes the same key for the clips it writes; the two must agree.
public enum PromptKey {
    /// 16 lowercase hex digits, such as `af63dc4c8601ec8c`.
    public static func key(for text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalized(text).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The text with leading and trailing whitespace removed and every run
    /// of whitespace inside made one space, so that re-wrapping a prompt in
    /// its file does not change its key. Whitespace is the Unicode
    /// White_Space property (spaces, tabs, line breaks, no-break spaces);
    /// nothing else is changed, not even Unicode normalization.
    public static func normalized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var spacePending = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                spacePending = !result.isEmpty
                continue
            }
            if spacePending {
                result.append(" ")
                spacePending = false
            }
            result.append(scalar)
        }
        return String(result)
    }
}
