/// The page's access token: 64 hex digits from 32 random bytes of the
/// kernel's, kept in a file of mode 0600 that only the server reads.
public struct WebToken: Equatable, Sendable {
    public let value: String

    public static let randomByteCount = 32

    /// The token written as hex from `bytes` (the kernel's random bytes).
    public init(randomBytes bytes: [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]] }
        value = String(decoding: text, as: UTF8.self)
    }

    /// The token in a token file: its first line, at least 16 characters
    /// of letters, digits, `-`, `_` and `.` (a person may set their own).
    public init(fileContents bytes: [UInt8]) throws(InvalidValue) {
        let line = bytes.prefix { $0 != 0x0a && $0 != 0x0d }
        guard line.count >= 16, line.count <= 256,
            line.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2d || $0 == 0x5f || $0 == 0x2e })
        else {
            throw InvalidValue("its first line must be the token: 16 to 256 letters, digits, \"-\", \"_\" or \".\"")
        }
        value = String(decoding: line, as: UTF8.self)
    }

    /// Compares without stopping at the first difference, so the time
    /// taken tells nothing about how much of a guess was right.
    public func matches(_ candidate: some StringProtocol) -> Bool {
        let expected = Array(value.utf8)
        let given = Array(candidate.utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in 0..<expected.count {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}

/// Who may do what on the web API: every request needs the token, as
/// `Authorization: Bearer TOKEN` or as the cookie set by `/?token=TOKEN`,
/// and nothing that changes anything may come from another site's page.
public enum WebAccess {
    public static let cookieName = "winddown_token"

    /// What the server knows of one request, from its head.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// `token=` in the query, when present.
        public var queryToken: String?
        public var authorization: String?
        /// Every `Cookie` header's text.
        public var cookies: [String]
        public var host: String?
        public var origin: String?
        /// `Sec-Fetch-Site`, which browsers send with every request.
        public var fetchSite: String?
        public var contentType: String?

        public init(
            method: String, path: String, queryToken: String? = nil, authorization: String? = nil, cookies: [String] = [],
            host: String? = nil, origin: String? = nil, fetchSite: String? = nil, contentType: String? = nil
        ) {
            self.method = method
            self.path = path
            self.queryToken = queryToken
            self.authorization = authorization
            self.cookies = cookies
            self.host = host
            self.origin = origin
            self.fetchSite = fetchSite
            self.contentType = contentType
        }
    }

    public enum Decision: Equatable, Sendable {
        case allowed
        /// `/?token=TOKEN` with the right token: set the cookie and send the
        /// browser on to `/`, so the token leaves the address bar. (From a
        /// page of this origin: a link followed from another site is a
        /// cross-site navigation, which would not carry a strict cookie on.)
        case setCookieAndRedirect
        case refused(WebError)
    }

    public static func decide(_ request: Request, token: WebToken) -> Decision {
        if let fetchSite = request.fetchSite?.lowercased(), fetchSite == "cross-site" || fetchSite == "same-site",
            request.method != "GET" || request.path.hasPrefix("/api/")
        {
            return .refused(WebError(.forbidden, "a request from another site's page is refused"))
        }
        if request.method != "GET" && request.method != "HEAD" {
            if let origin = request.origin, !sameOrigin(origin, host: request.host) {
                return .refused(WebError(.forbidden, "a request from another origin (\(WebCommand.shown(origin))) is refused"))
            }
            // A form on another page can post text/plain or a form body; only a script of this page's own sends JSON.
            guard let type = request.contentType?.lowercased(), type.hasPrefix("application/json") else {
                return .refused(WebError(.unsupportedMediaType, "send the command's arguments as Content-Type: application/json"))
            }
        }
        if request.path == "/", request.method == "GET", let offered = request.queryToken {
            return token.matches(offered)
                ? .setCookieAndRedirect : .refused(WebError(.unauthorized, "the token in the address is wrong"))
        }
        if let authorization = request.authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", token.matches(parts[1]) else {
                return .refused(WebError(.unauthorized, "the Authorization header holds a wrong token"))
            }
            return .allowed
        }
        let offered = cookieTokens(request.cookies)
        guard !offered.isEmpty else {
            return .refused(
                WebError(.unauthorized, "no token: open the address winddown-web printed (it ends in ?token=…), or send Authorization: Bearer TOKEN"))
        }
        // Any of them: another page on the same host may have set a cookie of the same name.
        return offered.contains(where: token.matches)
            ? .allowed : .refused(WebError(.unauthorized, "the cookie holds a wrong token: open the address with ?token= again"))
    }

    /// The `Set-Cookie` value for the token: script-proof, never sent by another site's page.
    public static func cookie(for token: WebToken) -> String {
        "\(cookieName)=\(token.value); Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000"
    }

    /// Every value of the token's cookie in the `Cookie` headers.
    static func cookieTokens(_ headers: [String]) -> [Substring] {
        var tokens: [Substring] = []
        for header in headers {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(cookieName + "=") { tokens.append(trimmed.dropFirst(cookieName.count + 1)) }
            }
        }
        return tokens
    }

    /// `http://HOST[:PORT]` naming the host the request was sent to.
    static func sameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
