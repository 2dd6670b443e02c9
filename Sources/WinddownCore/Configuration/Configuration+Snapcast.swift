extension Configuration {
    /// `[snapcast]`: sessions played in several rooms through a Snapcast server.
    public struct Snapcast: Equatable, Sendable {
        /// `snapcast.server`; nil: sessions play on `audio.device` only.
        public var server: SnapcastHost?
        /// `snapcast.stream_port`: the server's TCP stream source (`mode=server`).
        public var streamPort: Int
        /// `snapcast.control_port`: its JSON-RPC port.
        public var controlPort: Int
        /// `snapcast.rooms`; nil: every client the server knows, at volume 100.
        public var rooms: [SnapcastRoom]?
        /// `snapcast.local`: play on `audio.device` as well.
        public var local: Bool

        public static let defaultStreamPort = 4953
        public static let defaultControlPort = 1705

        public init(
            server: SnapcastHost? = nil, streamPort: Int = defaultStreamPort, controlPort: Int = defaultControlPort,
            rooms: [SnapcastRoom]? = nil, local: Bool = false
        ) {
            self.server = server
            self.streamPort = streamPort
            self.controlPort = controlPort
            self.rooms = rooms
            self.local = local
        }

        /// Whether a session plays on the local ALSA device.
        public var playsLocally: Bool { server == nil || local }
    }
}

/// The host of a Snapcast server: a name or an address, nothing else.
public struct SnapcastHost: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(parsing text: String) throws(InvalidValue) {
        var host = Substring(text)
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw InvalidValue("is empty; give the host running snapserver, such as \"localhost\"") }
        guard host.count <= 253, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            let shown = text.count > 60 ? text.prefix(57) + "..." : Substring(text)
            throw InvalidValue(
                "\"\(shown)\" is not a host name or address; the ports are snapcast.stream_port and snapcast.control_port")
        }
        name = String(host)
    }

    public var description: String { name }
}

/// One room a session plays in: a Snapcast client and its volume there.
public struct SnapcastRoom: Hashable, Sendable {
    /// The client's id, its name in Snapweb or its host name.
    public var client: SnapcastClientName
    /// The client's volume during the session, 0 to 100; never set higher.
    public var volume: Int

    public init(client: SnapcastClientName, volume: Int) {
        self.client = client
        self.volume = volume
    }

    /// What a room is when `snapcast.rooms` is unset.
    public static let everyClientVolume = 100
}

/// How a room names its client in the configuration; matched against the
/// client's id, then its configured name, then its host name.
public struct SnapcastClientName: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(parsing text: String) throws(InvalidValue) {
        guard !text.allSatisfy(\.isWhitespace) else { throw InvalidValue("is empty; give the client's id or name") }
        guard text.count <= 200, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InvalidValue("\"\(text.prefix(40))...\" is not a client id or name (too long, or control characters)")
        }
        self.text = text
    }

    public var description: String { text }
}
