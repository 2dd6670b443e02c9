/// A TOML table: keys and their values, in document order.
///
/// Iterating yields `(key, value)` pairs in the order the keys first appear in the document.
/// Two tables are equal when they have the same keys with equal values; order and source
/// positions do not take part in equality.
public struct TOMLTable: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: TOMLValue)

    public private(set) var keys: [String]
    private var values: [TOMLValue]
    private var keyPositions: [TOMLPosition?]
    private var indices: [String: Int]

    /// Where this table starts in the document: the `[` of its `[header]` or `[[header]]`, the
    /// `{` of an inline table, or, for a table made implicitly by a longer header or a dotted
    /// key, the key that first made it. Nil for the root and for tables built in code.
    public var position: TOMLPosition?

    public init() {
        keys = []
        values = []
        keyPositions = []
        indices = [:]
        position = nil
    }

    /// A table of these keys and values; a key given twice keeps its last value.
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }

    init(
        keys: [String], values: [TOMLValue], keyPositions: [TOMLPosition?], indices: [String: Int],
        position: TOMLPosition?
    ) {
        self.keys = keys
        self.values = values
        self.keyPositions = keyPositions
        self.indices = indices
        self.position = position
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of `key`, or nil. Setting nil removes the key; setting a new key appends it.
    public subscript(key: String) -> TOMLValue? {
        get {
            guard let index = indices[key] else { return nil }
            return values[index]
        }
        set {
            if let index = indices[key] {
                if let newValue {
                    values[index] = newValue
                } else {
                    remove(at: index)
                }
            } else if let newValue {
                indices[key] = keys.count
                keys.append(key)
                values.append(newValue)
                keyPositions.append(nil)
            }
        }
    }

    /// Where `key` was defined: for `a = 1` the position of `a`; for a table made by a header
    /// the position of its name in the first header (or dotted key) that made it; for an array
    /// of tables the first `[[header]]`. Nil for an absent key or one set in code.
    public func position(of key: String) -> TOMLPosition? {
        guard let index = indices[key] else { return nil }
        return keyPositions[index]
    }

    public func makeIterator() -> Iterator {
        Iterator(table: self)
    }

    public struct Iterator: IteratorProtocol {
        let table: TOMLTable
        var index = 0

        public mutating func next() -> Element? {
            guard index < table.keys.count else { return nil }
            defer { index += 1 }
            return (table.keys[index], table.values[index])
        }
    }

    public var underestimatedCount: Int { keys.count }

    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        guard lhs.keys.count == rhs.keys.count else { return false }
        for (index, key) in lhs.keys.enumerated() {
            guard let other = rhs.indices[key], lhs.values[index] == rhs.values[other] else {
                return false
            }
        }
        return true
    }

    private mutating func remove(at index: Int) {
        indices[keys[index]] = nil
        keys.remove(at: index)
        values.remove(at: index)
        keyPositions.remove(at: index)
        for later in index..<keys.count { indices[keys[later]] = later }
    }
}
