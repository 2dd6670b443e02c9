/// The one-line JSON answer to a request: `{"ok":true,…fields}` or
/// `{"ok":false,"error":"…"}`.
public enum ControlResponse: Equatable, Sendable {
    /// The fields that follow `"ok":true`, in order.
    case success(JSONObject)
    /// The message of `"error"`.
    case failure(String)

    /// `{"ok":true}`.
    public static let ok = ControlResponse.success(JSONObject())

    public static func failure(_ error: ControlProtocolError) -> ControlResponse { .failure(error.message) }

    public var isOK: Bool {
        if case .success = self { return true }
        return false
    }

    /// The fields besides `ok` (for a failure, just `error`).
    public var fields: JSONObject {
        switch self {
        case .success(let fields): fields
        case .failure(let message): ["error": .string(message)]
        }
    }

    /// The whole object, `ok` first. A field named `ok` in a success is
    /// left out: the protocol owns that name.
    public var json: JSONObject {
        var object: JSONObject = ["ok": .bool(isOK)]
        for member in fields.members where member.key != "ok" { object[member.key] = member.value }
        return object
    }

    /// The response as one line of JSON, without the newline.
    public var line: String { json.encoded() }

    /// Reads a response line (client side): a JSON object with a boolean
    /// `ok`, and a string `error` when `ok` is false.
    public init(parsing line: some Collection<UInt8>, parser: JSONParser = JSONParser()) throws(ControlProtocolError) {
        var bytes = Array(line)
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        let value: JSONValue
        do { value = try parser.parse(bytes) } catch {
            throw ControlProtocolError(.invalidResponse, "the daemon's response is not valid JSON: \(error)")
        }
        guard case .object(var object) = value, let ok = object["ok"]?.boolValue else {
            throw ControlProtocolError(.invalidResponse, "the daemon's response has no \"ok\": true or false")
        }
        object["ok"] = nil
        if ok {
            self = .success(object)
        } else {
            self = .failure(object["error"]?.stringValue ?? "the daemon refused the request without saying why")
        }
    }

    public init(parsing text: String) throws(ControlProtocolError) {
        try self.init(parsing: Array(text.utf8))
    }
}
