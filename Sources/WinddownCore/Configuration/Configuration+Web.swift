extension Configuration {
    /// `[web]`: the phone page and JSON API, `winddown-web`. The daemon
    /// itself never reads it beyond checking it.
    public struct Web: Equatable, Sendable {
        /// `web.listen`: loopback unless a person opens it to the LAN.
        public var listen: WebListenAddress
        /// `web.token_file`; nil: `web-token` in the state folder.
        public var tokenFile: String?

        public init(listen: WebListenAddress = .loopback, tokenFile: String? = nil) {
            self.listen = listen
            self.tokenFile = tokenFile
        }
    }
}

/// `ADDRESS:PORT` to listen on: an IPv4 address, `[IPv6]`, or a host name
/// such as `localhost`; `0.0.0.0` or `[::]` for every interface.
public struct WebListenAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public static let defaultPort = 8765
    public static let loopback = WebListenAddress(host: "127.0.0.1", port: defaultPort)

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(InvalidValue) {
        let shown = text.count > 80 ? text.prefix(77) + "..." : Substring(text)
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].first == ":" else {
                throw InvalidValue("\"\(shown)\" is not [IPv6]:PORT, such as \"[::1]:8765\"")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw InvalidValue("\"\(shown)\" is not ADDRESS:PORT, such as \"127.0.0.1:8765\" or \"0.0.0.0:8765\" for the LAN")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty, hostPart.count <= 253,
            hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:".contains($0)) })
        else {
            throw InvalidValue("\"\(shown)\": the address before the port is not a host name or IP address")
        }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart),
            (1...65535).contains(port)
        else {
            throw InvalidValue("\"\(shown)\": the port must be a number from 1 to 65535")
        }
        self.init(host: String(hostPart), port: port)
    }

    /// Whether only this machine can reach it.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Listening on every interface rather than one address.
    public var isWildcard: Bool { host == "0.0.0.0" || host == "::" }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
