extension Configuration {
    /// `[mqtt]`: the Home Assistant bridge, `winddown-mqtt`. The daemon
    /// itself never reads it beyond checking it.
    public struct MQTT: Equatable, Sendable {
        /// `mqtt.broker`; nil: the bridge has nowhere to connect and says so.
        public var broker: MQTTBroker?
        /// `mqtt.username`.
        public var username: String?
        /// `mqtt.password_file`: the password's only source, so it never
        /// sits in a file that is world-readable by convention.
        public var passwordFile: String?
        /// `mqtt.discovery_prefix`: where Home Assistant listens for discovery.
        public var discoveryPrefix: MQTTTopicPrefix
        /// `mqtt.node_id`; nil: made from the host name when the bridge starts.
        public var nodeID: MQTTNodeID?

        public init(
            broker: MQTTBroker? = nil, username: String? = nil, passwordFile: String? = nil,
            discoveryPrefix: MQTTTopicPrefix = .homeAssistant, nodeID: MQTTNodeID? = nil
        ) {
            self.broker = broker
            self.username = username
            self.passwordFile = passwordFile
            self.discoveryPrefix = discoveryPrefix
            self.nodeID = nodeID
        }
    }
}

/// `mqtt://HOST[:PORT]` or `mqtts://HOST[:PORT]` (TLS, checked against the
/// system's certificate store).
public struct MQTTBroker: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var usesTLS: Bool

    public static let plainPort = 1883
    public static let tlsPort = 8883

    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Reads a broker address; the error says what is wrong with it.
    public init(parsing text: String) throws(InvalidValue) {
        let tls: Bool
        let rest: Substring
        if text.hasPrefix("mqtt://") {
            (tls, rest) = (false, text.dropFirst("mqtt://".count))
        } else if text.hasPrefix("mqtts://") {
            (tls, rest) = (true, text.dropFirst("mqtts://".count))
        } else {
            throw InvalidValue("\"\(Self.shown(text))\" is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")
        }
        var host = rest
        var port = tls ? Self.tlsPort : Self.plainPort
        if rest.hasSuffix("/") { host = rest.dropLast() }
        if host.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:1883.
            guard let close = host.firstIndex(of: "]") else { throw InvalidValue("\"\(Self.shown(text))\": an IPv6 address needs its closing \"]\"") }
            let after = host[host.index(after: close)...]
            let literal = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.first == ":" else { throw InvalidValue("\"\(Self.shown(text))\": expected \":PORT\" after the address") }
                port = try Self.port(after.dropFirst(), in: text)
            }
            host = literal
        } else if let colon = host.lastIndex(of: ":") {
            port = try Self.port(host[host.index(after: colon)...], in: text)
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw InvalidValue("\"\(Self.shown(text))\" names no host") }
        guard host.count <= 253, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw InvalidValue("\"\(Self.shown(text))\": \"\(Self.shown(String(host)))\" is not a host name or address (no user, path or query belongs here)")
        }
        self.init(host: String(host), port: port, usesTLS: tls)
    }

    private static func port(_ digits: Substring, in text: String) throws(InvalidValue) -> Int {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy(\.isASCII), let port = Int(digits), (1...65535).contains(port) else {
            throw InvalidValue("\"\(shown(text))\": the port must be a number from 1 to 65535")
        }
        return port
    }

    private static func shown(_ text: String) -> String { text.count > 80 ? text.prefix(77) + "..." : text }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "mqtts" : "mqtt")://\(shownHost):\(port)"
    }
}

/// The device's id in topics and entity ids: `a-z`, `0-9` and single `_`
/// between them, as Home Assistant's entity ids need.
public struct MQTTNodeID: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public static let maximumLength = 64

    public init(parsing text: String) throws(InvalidValue) {
        guard !text.isEmpty, text.count <= Self.maximumLength,
            text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }),
            !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__")
        else {
            let shown = text.count > 80 ? text.prefix(77) + "..." : Substring(text)
            throw InvalidValue(
                "\"\(shown)\" must be 1 to \(Self.maximumLength) of a-z, 0-9 and _ (such as \"bedroom_pi\"), with no _ at either end or twice in a row")
        }
        description = text
    }

    /// A node id made from a host name: lower case, each run of other characters one `_`, none at the ends.
    public init(hostName: String) {
        var id = ""
        for scalar in hostName.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.isEmpty, !id.hasSuffix("_") {
                id += "_"
            }
            if id.count >= Self.maximumLength { break }
        }
        while id.hasSuffix("_") { id.removeLast() }
        description = id.isEmpty ? "winddown" : id
    }
}

/// A topic prefix without wildcards or a leading or trailing `/`, such as
/// `homeassistant`.
public struct MQTTTopicPrefix: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public static let homeAssistant = MQTTTopicPrefix(checked: "homeassistant")

    private init(checked: String) { description = checked }

    public init(parsing text: String) throws(InvalidValue) {
        let shown = text.count > 80 ? text.prefix(77) + "..." : Substring(text)
        guard !text.isEmpty, text.utf8.count <= 256 else { throw InvalidValue("must be 1 to 256 bytes, such as \"homeassistant\"") }
        guard !text.contains("+"), !text.contains("#"), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw InvalidValue("\"\(shown)\" holds an MQTT wildcard (+ or #) or a control character")
        }
        guard !text.hasPrefix("/"), !text.hasSuffix("/"), !text.contains("//") else {
            throw InvalidValue("\"\(shown)\": no leading, trailing or doubled \"/\"")
        }
        description = text
    }
}

/// Why a value of the right type cannot be used; the message names what is wrong.
public struct InvalidValue: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
