/// A JSON object whose members keep the order they were added in.
///
/// Keys are unique: `JSONParser` rejects a duplicate, and setting a key that
/// is already there replaces its value in place.
public struct JSONObject: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// In order; no two with the same key.
    public private(set) var members: [Member]

    public init() { members = [] }

    /// Later members replace earlier ones with the same key.
    public init(_ members: [Member]) {
        self.members = []
        for member in members { self[member.key] = member.value }
    }

    /// Members already known to have distinct keys (the parser checked).
    init(uniqueMembers: [Member]) { members = uniqueMembers }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }

    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The value of `key`; setting nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Adds the members of `other` after these (replacing same-named ones in place).
    public mutating func merge(_ other: JSONObject) {
        for member in other.members { self[member.key] = member.value }
    }
}
