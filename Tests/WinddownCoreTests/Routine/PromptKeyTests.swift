import Testing
import WinddownCore

@Suite("Prompt clip keys")
struct PromptKeyTests {
    @Test(
        "the key is 64-bit FNV-1a of the UTF-8 bytes, in 16 lowercase hex digits",
        arguments: [
            ("", "cbf29ce484222325"),
            ("a", "af63dc4c8601ec8c"),
            ("foobar", "85944171f73967e8"),
        ])
    func knownVectors(text: String, key: String) {
        #expect(PromptKey.key(for: text) == key)
    }

    @Test(
        "whitespace is trimmed and each run made one space",
        arguments: [
            ("  a \n\t b  ", "a b"),
            ("one\r\ntwo", "one two"),
            ("no\u{00A0}break\u{2003}em", "no break em"),
            ("\n\n", ""),
            ("already tidy.", "already tidy."),
        ])
    func normalization(text: String, expected: String) {
        #expect(PromptKey.normalized(text) == expected)
    }

    @Test("re-wrapping a prompt keeps its key; changing a word does not")
    func keyFollowsWords() {
        let wrapped = "Press gently,\n  with small circles.\n"
        #expect(PromptKey.key(for: wrapped) == PromptKey.key(for: "Press gently, with small circles."))
        #expect(PromptKey.key(for: wrapped) != PromptKey.key(for: "Press firmly, with small circles."))
    }

    @Test("a hash with leading zero digits keeps all 16 digits")
    func paddedKeys() {
        let keys = (0..<2000).map { PromptKey.key(for: "prompt \($0)") }
        #expect(keys.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        #expect(keys.contains { $0.hasPrefix("0") })
    }
}
