/// One line from a Snapcast server's JSON-RPC port (newline-delimited
/// JSON-RPC 2.0): the answer to a request, or a notification.
public enum SnapcastMessage: Equatable, Sendable {
    case result(id: Int, JSONValue)
    case error(id: Int?, SnapcastRPCError)
    case notification(method: String, params: JSONValue)

    /// The longest line taken: a server status with many clients is tens of kilobytes.
    public static let maximumLineLength = 1 << 22

    /// Reads one line; the error says what is wrong with it.
    public init(line: [UInt8]) throws(SnapcastProtocolError) {
        let value: JSONValue
        do { value = try JSONParser(maximumLength: Self.maximumLineLength, maximumDepth: 32).parse(line) } catch {
            throw SnapcastProtocolError("\(error)")
        }
        guard case .object(let object) = value else { throw SnapcastProtocolError("a JSON-RPC message is an object, not \(Self.kind(of: value))") }
        if let method = object["method"] {
            guard let name = method.stringValue else { throw SnapcastProtocolError("\"method\" is not a string") }
            self = .notification(method: name, params: object["params"] ?? .null)
            return
        }
        let id = object["id"]?.intValue
        if let error = object["error"] {
            let code = error["code"]?.intValue ?? 0
            let message = error["message"]?.stringValue ?? "no message"
            var text = message
            if let data = error["data"]?.stringValue, !data.isEmpty { text += ": \(data)" }
            self = .error(id: id, SnapcastRPCError(code: code, message: text))
            return
        }
        guard let result = object["result"] else { throw SnapcastProtocolError("neither \"result\", \"error\" nor \"method\"") }
        guard let id else { throw SnapcastProtocolError("a result without a numeric \"id\"") }
        self = .result(id: id, result)
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .array: "an array"
        case .string: "a string"
        case .null: "null"
        case .bool: "a boolean"
        default: "a number"
        }
    }
}

/// A request to the server, as one line.
public struct SnapcastRequest: Equatable, Sendable {
    public let id: Int
    public let method: String
    public let params: JSONObject?

    public init(id: Int, method: String, params: JSONObject? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// The line to send, newline included.
    public var line: String {
        var object: JSONObject = ["id": .int(id), "jsonrpc": "2.0", "method": .string(method)]
        if let params { object["params"] = .object(params) }
        return object.encoded(asciiOnly: true) + "\n"
    }
}

/// The server refused a request: its code and its own words.
public struct SnapcastRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (code \(code))" }
}

/// A line that is not JSON-RPC, or a status that is not Snapcast's.
public struct SnapcastProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
