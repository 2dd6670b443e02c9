/// A table while it is being built: a reference type, so adding to a deeply nested table never
/// copies the tables around it. Frozen into a `TOMLTable` once complete.
final class TOMLTableNode {
    enum Entry {
        /// A table made by a header, by a dotted key, or implicitly as a super-table.
        case table(TOMLTableNode)
        /// An array of tables, made by `[[header]]`s.
        case tables(TOMLArrayOfTablesNode)
        /// A finished value: a scalar, a static array or an inline table; never extended.
        case value(TOMLValue)
    }

    /// How the table came to be, for the redefinition rules and messages.
    enum Origin {
        /// Made as a super-table of a longer header or of an array of tables.
        case implicit
        /// Made by a `[header]` (or as an element of an array of tables).
        case header
        /// Made by a dotted key `a.b = 1`.
        case dottedKey
    }

    private(set) var keys: [String] = []
    private(set) var entries: [Entry] = []
    private(set) var keyPositions: [TOMLPosition?] = []
    private var indices: [String: Int] = [:]
    var position: TOMLPosition?
    var origin: Origin
    /// Closed to `[header]`s and dotted keys: defined by a header, or by dotted keys of an
    /// earlier section.
    var isClosed = false

    init(position: TOMLPosition?, origin: Origin = .implicit) {
        self.position = position
        self.origin = origin
    }

    func entry(_ key: String) -> (entry: Entry, position: TOMLPosition?)? {
        guard let index = indices[key] else { return nil }
        return (entries[index], keyPositions[index])
    }

    func add(_ key: String, _ entry: Entry, at position: TOMLPosition) {
        indices[key] = keys.count
        keys.append(key)
        entries.append(entry)
        keyPositions.append(position)
    }

    /// The finished table. Recursion depth is bounded by the key-length and nesting limits.
    func freeze() -> TOMLTable {
        var values: [TOMLValue] = []
        values.reserveCapacity(entries.count)
        for entry in entries {
            switch entry {
            case .value(let value): values.append(value)
            case .table(let node): values.append(.table(node.freeze()))
            case .tables(let array): values.append(.array(array.elements.map { .table($0.freeze()) }))
            }
        }
        return TOMLTable(
            keys: keys, values: values, keyPositions: keyPositions, indices: indices, position: position)
    }
}

final class TOMLArrayOfTablesNode {
    var elements: [TOMLTableNode]

    init(first: TOMLTableNode) {
        elements = [first]
    }
}

/// Builds the table tree of a document, enforcing the rules on defining tables: a table is
/// defined once, inline tables and static arrays are never extended, dotted keys do not reach
/// into tables defined elsewhere, `[[header]]` only appends to arrays of tables.
final class TOMLDocumentBuilder {
    let root = TOMLTableNode(position: nil)
    /// The table of the current section: the root, or the last header's table.
    private var current: TOMLTableNode
    /// Tables that dotted keys of the current section made or went through; they are closed
    /// when the next header starts a new section.
    private var pending: [TOMLTableNode] = []

    init() {
        current = root
    }

    func finish() -> TOMLTable {
        root.freeze()
    }

    /// `[key]`.
    func defineTable(_ key: [TOMLKeyPart], headerPosition: TOMLPosition) throws(TOMLSyntaxError) {
        closePending()
        guard let last = key.last else { return }
        let parent = try superTable(of: key, isArray: false)
        guard let (entry, firstPosition) = parent.entry(last.name) else {
            let node = TOMLTableNode(position: headerPosition, origin: .header)
            node.isClosed = true
            parent.add(last.name, .table(node), at: last.position)
            current = node
            return
        }
        let line = firstPosition.map { " (first on line \($0.line))" } ?? ""
        switch entry {
        case .table(let node):
            if node.isClosed {
                if node.origin == .dottedKey {
                    throw TOMLSyntaxError(
                        "table [\(key.displayName)] was already defined by dotted keys\(line)", at: last.position)
                }
                throw TOMLSyntaxError("table [\(key.displayName)] is defined twice\(line)", at: last.position)
            }
            node.isClosed = true
            node.origin = .header
            node.position = headerPosition
            current = node
        case .tables:
            throw TOMLSyntaxError(
                "cannot define table [\(key.displayName)]: it is already an array of tables\(line)",
                at: last.position)
        case .value(let value):
            throw TOMLSyntaxError(
                "cannot define table [\(key.displayName)]: \(Self.describe(value, key: last))\(line)",
                at: last.position)
        }
    }

    /// `[[key]]`.
    func appendTable(_ key: [TOMLKeyPart], headerPosition: TOMLPosition) throws(TOMLSyntaxError) {
        closePending()
        guard let last = key.last else { return }
        let parent = try superTable(of: key, isArray: true)
        let node = TOMLTableNode(position: headerPosition, origin: .header)
        guard let (entry, firstPosition) = parent.entry(last.name) else {
            parent.add(last.name, .tables(TOMLArrayOfTablesNode(first: node)), at: last.position)
            current = node
            return
        }
        let line = firstPosition.map { " (first on line \($0.line))" } ?? ""
        switch entry {
        case .tables(let array):
            array.elements.append(node)
            current = node
        case .table:
            throw TOMLSyntaxError(
                "cannot define array of tables [[\(key.displayName)]]: it is already a table\(line)",
                at: last.position)
        case .value(let value):
            throw TOMLSyntaxError(
                "cannot append to [[\(key.displayName)]]: \(Self.describe(value, key: last))\(line)",
                at: last.position)
        }
    }

    /// `key = value` in the current section.
    func assign(_ value: TOMLValue, to key: [TOMLKeyPart]) throws(TOMLSyntaxError) {
        try Self.insert(value, at: key, into: current, pending: self)
    }

    /// Adds `key = value` to `table`. Dotted keys make tables, or add to tables made by dotted
    /// keys, but never add to tables closed by a header or an earlier section, to arrays of
    /// tables, or to inline tables. `pending` collects the tables the key goes through (nil
    /// inside inline tables).
    static func insert(
        _ value: TOMLValue, at key: [TOMLKeyPart], into table: TOMLTableNode, pending: TOMLDocumentBuilder?
    ) throws(TOMLSyntaxError) {
        guard let last = key.last else { return }
        var node = table
        for (index, part) in key.dropLast().enumerated() {
            guard let (entry, firstPosition) = node.entry(part.name) else {
                let made = TOMLTableNode(position: part.position, origin: .dottedKey)
                node.add(part.name, .table(made), at: part.position)
                pending?.pending.append(made)
                node = made
                continue
            }
            var line: String { firstPosition.map { " (first on line \($0.line))" } ?? "" }
            var shown: String { Array(key.prefix(index + 1)).displayName }
            switch entry {
            case .table(let existing):
                if existing.isClosed {
                    let how = existing.origin == .dottedKey ? "by dotted keys in another section" : "by a header"
                    throw TOMLSyntaxError(
                        "cannot add to table \(shown) with a dotted key: it was defined \(how)\(line)",
                        at: part.position)
                }
                if let pending {
                    if existing.origin == .implicit { existing.origin = .dottedKey }
                    pending.pending.append(existing)
                }
                node = existing
            case .tables:
                throw TOMLSyntaxError(
                    "cannot add to \(shown) with a dotted key: it is an array of tables\(line)", at: part.position)
            case .value(let value):
                throw TOMLSyntaxError(
                    "cannot add to \(shown) with a dotted key: \(describe(value, key: part))\(line)",
                    at: part.position)
            }
        }
        if let (_, firstPosition) = node.entry(last.name) {
            let line = firstPosition.map { " (first on line \($0.line))" } ?? ""
            throw TOMLSyntaxError("key \(key.quotedDisplayName) is defined twice\(line)", at: last.position)
        }
        node.add(last.name, .value(value), at: last.position)
    }

    /// The table a header's last key part goes in, making missing super-tables; through an
    /// array of tables, its last table.
    private func superTable(of key: [TOMLKeyPart], isArray: Bool) throws(TOMLSyntaxError) -> TOMLTableNode {
        var node = root
        for part in key.dropLast() {
            guard let (entry, firstPosition) = node.entry(part.name) else {
                let made = TOMLTableNode(position: part.position)
                node.add(part.name, .table(made), at: part.position)
                node = made
                continue
            }
            switch entry {
            case .table(let existing):
                node = existing
            case .tables(let array):
                guard let lastTable = array.elements.last else { return node }
                node = lastTable
            case .value(let value):
                let line = firstPosition.map { " (first on line \($0.line))" } ?? ""
                let header = isArray ? "[[\(key.displayName)]]" : "[\(key.displayName)]"
                throw TOMLSyntaxError(
                    "cannot define \(header): \(Self.describe(value, key: part))\(line)", at: part.position)
            }
        }
        return node
    }

    private func closePending() {
        for node in pending { node.isClosed = true }
        pending.removeAll(keepingCapacity: true)
    }

    /// "key "a" is already an integer", "a is an inline table, which cannot be extended"...
    private static func describe(_ value: TOMLValue, key: TOMLKeyPart) -> String {
        switch value {
        case .table: "key \(key.quotedDisplayName) is an inline table, which cannot be extended"
        case .array: "key \(key.quotedDisplayName) is a static array, which cannot be extended"
        case .integer: "key \(key.quotedDisplayName) is already an integer"
        default: "key \(key.quotedDisplayName) is already a \(value.kindName)"
        }
    }
}
