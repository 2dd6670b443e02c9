/// The words after a command, checked against the command's `Shape`: right
/// count, known keys, each key once, every value non-empty.
struct ControlArguments {
    /// The one word of a `.positional` command, if given.
    private(set) var positional: String?
    /// The values of an `.options` command, by key.
    private var options: [String: String] = [:]

    func option(_ key: String) -> String? { options[key] }

    static func read(_ words: [Substring], for command: ControlCommand) throws(ControlProtocolError) -> ControlArguments {
        var arguments = ControlArguments()
        func failure(_ message: String) -> ControlProtocolError {
            ControlProtocolError(.badArgument, "\(command.name): \(message) (usage: \(command.usage))")
        }
        switch command.shape {
        case .none:
            if let extra = words.first { throw failure("takes no arguments, found \"\(extra)\"") }
        case .positional(let placeholder, let required):
            if words.count > 1 { throw failure("unexpected argument \"\(words[1])\" after \"\(words[0])\"") }
            if words.isEmpty, required { throw failure("missing argument \(placeholder)") }
            arguments.positional = words.first.map(String.init)
        case .options(let keys):
            for word in words {
                guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                    throw failure("expected key=value, found \"\(word)\"")
                }
                let key = String(word[..<equals])
                let value = String(word[word.index(after: equals)...])
                guard keys.contains(where: { $0.key == key }) else {
                    let known = keys.map { "\($0.key)=\($0.placeholder)" }.joined(separator: ", ")
                    throw failure("unknown argument \"\(key)\"; known: \(known)")
                }
                if arguments.options[key] != nil { throw failure("\"\(key)\" given twice") }
                if value.isEmpty { throw failure("\(key)= has no value") }
                arguments.options[key] = value
            }
        }
        return arguments
    }
}
