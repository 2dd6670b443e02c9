/// What `Server.GetStatus` says, as far as rooms are concerned: the
/// groups with their clients and streams, and the streams.
public struct SnapcastServerStatus: Equatable, Sendable {
    public struct Volume: Equatable, Sendable {
        public var percent: Int
        public var muted: Bool

        public init(percent: Int, muted: Bool) {
            self.percent = percent
            self.muted = muted
        }

        init(_ value: JSONValue?, of what: String) throws(SnapcastProtocolError) {
            guard let percent = value?["percent"]?.intValue, (0...100).contains(percent) else {
                throw SnapcastProtocolError("\(what) has no volume percent from 0 to 100")
            }
            self.init(percent: percent, muted: value?["muted"]?.boolValue ?? false)
        }

        var json: JSONValue { ["percent": .int(percent), "muted": .bool(muted)] }
    }

    public struct Client: Equatable, Sendable {
        public var id: String
        /// The name given in Snapweb; empty when none.
        public var configuredName: String
        public var hostName: String
        public var volume: Volume
        public var connected: Bool

        /// How the log and `status` name it.
        public var displayName: String { !configuredName.isEmpty ? configuredName : (!hostName.isEmpty ? hostName : id) }

        public init(id: String, configuredName: String = "", hostName: String = "", volume: Volume, connected: Bool = true) {
            self.id = id
            self.configuredName = configuredName
            self.hostName = hostName
            self.volume = volume
            self.connected = connected
        }

        /// A client object of a status or of `Client.OnConnect`.
        public init(_ value: JSONValue) throws(SnapcastProtocolError) {
            guard let id = value["id"]?.stringValue, !id.isEmpty else { throw SnapcastProtocolError("a client without an id") }
            self.init(
                id: id, configuredName: value["config"]?["name"]?.stringValue ?? "",
                hostName: value["host"]?["name"]?.stringValue ?? "",
                volume: try Volume(value["config"]?["volume"], of: "client \(id)"),
                connected: value["connected"]?.boolValue ?? true)
        }

        /// Whether the configuration's `name` means this client.
        func isNamed(_ name: SnapcastClientName) -> Bool {
            id == name.text || configuredName == name.text || hostName == name.text
        }
    }

    public struct Group: Equatable, Sendable {
        public var id: String
        public var streamID: String
        public var clients: [Client]

        public init(id: String, streamID: String, clients: [Client]) {
            self.id = id
            self.streamID = streamID
            self.clients = clients
        }
    }

    public struct Stream: Equatable, Sendable {
        public var id: String
        public var scheme: String
        public var port: Int?
        /// The `mode` query value (`server` for a TCP source winddown connects to).
        public var mode: String
        /// The `sampleformat` query value, such as `48000:16:2` (snapserver's default when absent).
        public var sampleFormat: String
        public var raw: String

        public init(id: String, scheme: String, port: Int?, mode: String, sampleFormat: String, raw: String) {
            self.id = id
            self.scheme = scheme
            self.port = port
            self.mode = mode
            self.sampleFormat = sampleFormat
            self.raw = raw
        }
    }

    public var groups: [Group]
    public var streams: [Stream]

    public init(groups: [Group], streams: [Stream]) {
        self.groups = groups
        self.streams = streams
    }

    /// Reads the `server` object of a `Server.GetStatus` result (or of `Server.OnUpdate`).
    public init(server: JSONValue) throws(SnapcastProtocolError) {
        guard let groupValues = server["groups"]?.arrayValue else { throw SnapcastProtocolError("the server status has no groups") }
        guard let streamValues = server["streams"]?.arrayValue else { throw SnapcastProtocolError("the server status has no streams") }
        var groups: [Group] = []
        for value in groupValues {
            guard let id = value["id"]?.stringValue else { throw SnapcastProtocolError("a group without an id") }
            var clients: [Client] = []
            for client in value["clients"]?.arrayValue ?? [] { clients.append(try Client(client)) }
            groups.append(Group(id: id, streamID: value["stream_id"]?.stringValue ?? "", clients: clients))
        }
        var streams: [Stream] = []
        for value in streamValues {
            guard let id = value["id"]?.stringValue else { throw SnapcastProtocolError("a stream without an id") }
            let uri = value["uri"]
            let query = uri?["query"]
            let raw = uri?["raw"]?.stringValue ?? ""
            streams.append(Stream(
                id: id, scheme: uri?["scheme"]?.stringValue ?? "", port: Self.port(of: uri, raw: raw),
                mode: query?["mode"]?.stringValue ?? "", sampleFormat: query?["sampleformat"]?.stringValue ?? Self.defaultSampleFormat,
                raw: raw))
        }
        self.init(groups: groups, streams: streams)
    }

    /// snapserver's own default, and what winddown writes.
    public static let defaultSampleFormat = "48000:16:2"

    /// The port of a stream's URI: after the last `:` of its host part.
    private static func port(of uri: JSONValue?, raw: String) -> Int? {
        var rest = Substring(raw)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let colon = authority.lastIndex(of: ":") else { return uri?["host"]?.stringValue.flatMap(Self.port(inHost:)) }
        return Int(authority[authority.index(after: colon)...])
    }

    private static func port(inHost host: String) -> Int? {
        host.lastIndex(of: ":").flatMap { Int(host[host.index(after: $0)...]) }
    }

    /// The group a client is in.
    public func group(of clientID: String) -> Group? { groups.first { $0.clients.contains { $0.id == clientID } } }

    public var clients: [Client] { groups.flatMap(\.clients) }
}
