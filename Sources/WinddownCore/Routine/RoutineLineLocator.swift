/// Finds the line where a key is written in a routine file, including keys
/// inside the n-th `[[steps]]` table (`steps[2].text`), by way of
/// `KeyLineLocator`. Steps written inline (`steps = [{ … }]`) cannot be
/// told apart by scanning; their problems get the line of `steps`.
struct RoutineLineLocator {
    private let keys: KeyLineLocator

    init(text: String) {
        keys = KeyLineLocator(text: text)
    }

    /// The line of this key, else of the closest enclosing table or step
    /// that is written, else of `steps` itself for a step written inline.
    func line(of key: String) -> Int? {
        keys.nearestLine(for: key) ?? (key.hasPrefix("steps[") ? keys.line(of: "steps") : nil)
    }
}
