/// A rule broken by a configuration's values, before it is tied to a file.
struct ValidationIssue: Equatable, Sendable {
    /// The key whose value is wrong.
    var key: String
    var message: String
    /// For a rule between two keys: the other key. When only that one was
    /// written in the file, its line is the one to show.
    var relatedKey: String?
}
