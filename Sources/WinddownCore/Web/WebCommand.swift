/// `POST /api/COMMAND` with a JSON body of the command's arguments, turned
/// into the control request it stands for. The body's values are written
/// into a request line and read back by `ControlRequest(parsing:)`, so the
/// page's commands are checked exactly as the socket's are.
public enum WebCommand {
    /// What each command takes: its field names and the types they accept.
    enum Field: Sendable {
        case text
        case boolean
        /// A number (a level) or a text such as `"+5"`.
        case level
    }

    /// `named`: the request line has `key=value` options rather than one positional word.
    static let commands: [(name: String, named: Bool, fields: [(key: String, type: Field, required: Bool)])] = [
        ("start", true, [("routine", .text, false), ("duration", .text, false)]),
        ("stop", false, []), ("pause", false, []), ("resume", false, []), ("hold", false, []), ("skip", false, []),
        ("extend", false, [("duration", .text, true)]),
        ("volume", false, [("volume", .level, true)]),
        ("snooze", false, []),
        ("schedule", false, [("enabled", .boolean, true)]),
    ]

    /// The commands a page may post, in interface.md's order.
    public static var names: [String] { commands.map(\.name) }

    /// The largest body a command may have; a longer one is refused unread.
    public static let maximumBodyLength = 16 * 1024

    /// The request for `name` with `body` (empty means no arguments).
    public static func request(_ name: String, body: [UInt8]) throws(WebError) -> ControlRequest {
        guard let command = commands.first(where: { $0.name == name }) else {
            throw WebError(.notFound, "no command \"\(shown(name))\"; the page may post \(names.joined(separator: ", "))")
        }
        var object = JSONObject()
        if !body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) {
            let value: JSONValue
            do { value = try JSONParser(maximumLength: maximumBodyLength, maximumDepth: 8).parse(body) } catch {
                throw WebError(.badRequest, "the body is not JSON: \(error)")
            }
            guard let members = value.objectValue else {
                throw WebError(.badRequest, "the body must be a JSON object, such as {}")
            }
            object = members
        }
        let takes = command.fields.map(\.key)
        for key in object.keys where !takes.contains(key) {
            throw WebError(
                .badRequest,
                takes.isEmpty
                    ? "\(name) takes no arguments, but the body has \"\(shown(key))\""
                    : "\(name) has no argument \"\(shown(key))\"; it takes \(takes.joined(separator: ", "))")
        }
        var words = [name]
        for field in command.fields {
            guard let value = object[field.key], !value.isNull else {
                if field.required { throw WebError(.badRequest, "\(name) needs \"\(field.key)\"") }
                continue
            }
            let argument = try text(of: value, field.type, key: field.key, command: name)
            words.append(command.named ? "\(field.key)=\(argument)" : argument)
        }
        do { return try ControlRequest(parsing: words.joined(separator: " ")) } catch {
            throw WebError(.badRequest, error.message)
        }
    }

    private static func text(of value: JSONValue, _ type: Field, key: String, command: String) throws(WebError) -> String {
        switch (type, value) {
        case (.boolean, .bool(let flag)): return flag ? "on" : "off"
        case (.level, .int(let number)): return String(number)
        case (.level, .string(let text)), (.text, .string(let text)):
            // One word of the request line: no spaces, no control characters, and a sane length.
            guard !text.isEmpty, text.utf8.count <= 1024,
                !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f })
            else {
                throw WebError(.badRequest, "\(command): \"\(key)\" must be one word without spaces or control characters")
            }
            return text
        case (.boolean, _): throw WebError(.badRequest, "\(command): \"\(key)\" must be true or false")
        case (.level, _): throw WebError(.badRequest, "\(command): \"\(key)\" must be a whole number such as 30, or a change such as \"+5\"")
        case (.text, _): throw WebError(.badRequest, "\(command): \"\(key)\" must be a string, such as \"20m\"")
        }
    }

    static func shown(_ text: String) -> String { text.count > 60 ? text.prefix(57) + "..." : text }
}

/// A request the web API refuses: the HTTP status and the message its JSON error carries.
public struct WebError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Status: Int, Sendable {
        case badRequest = 400
        case unauthorized = 401
        case forbidden = 403
        case notFound = 404
        case methodNotAllowed = 405
        case contentTooLarge = 413
        case unsupportedMediaType = 415
        case badGateway = 502
        case serviceUnavailable = 503
    }

    public let status: Status
    public let message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// `{"ok":false,"error":"…"}`, as the control socket answers a refusal.
    public var body: String { ControlResponse.failure(message).line }
}
