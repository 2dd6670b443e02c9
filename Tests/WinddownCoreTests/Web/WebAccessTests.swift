import Foundation
import Testing
import WinddownCore

@Suite("Who may use the web API")
struct WebAccessTests {
    static let token = WebToken(randomBytes: Array(0..<32))
    static var value: String { token.value }

    static func decide(
        _ method: String = "GET", _ path: String = "/api/status", query: String? = nil, authorization: String? = nil,
        cookies: [String] = [], origin: String? = nil, site: String? = nil, type: String? = nil
    ) -> WebAccess.Decision {
        WebAccess.decide(
            WebAccess.Request(
                method: method, path: path, queryToken: query, authorization: authorization, cookies: cookies,
                host: "pi.local:8765", origin: origin, fetchSite: site, contentType: type),
            token: token)
    }

    static func status(_ decision: WebAccess.Decision) -> WebError.Status? {
        if case .refused(let error) = decision { return error.status }
        return nil
    }

    @Test("the token is the kernel's 32 bytes as 64 hex digits; a token file's first line, checked")
    func tokens() throws {
        #expect(Self.value == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(try WebToken(fileContents: Array((Self.value + "\n").utf8)) == Self.token)
        #expect(try WebToken(fileContents: Array("my-own.token_1234\r\nsecond line".utf8)).value == "my-own.token_1234")
        for bad in ["", "short", "has space in it and more", String(repeating: "a", count: 300), "tøken-with-ünicode-1234"] {
            #expect(throws: InvalidValue.self, "\(bad)") { try WebToken(fileContents: Array(bad.utf8)) }
        }
        #expect(Self.token.matches(Self.value))
        #expect(!Self.token.matches(Self.value.dropLast()))
        #expect(!Self.token.matches(Self.value + "0"))
        #expect(!Self.token.matches(""))
        #expect(!Self.token.matches(String(Self.value.reversed())))
    }

    @Test("a bearer token or the cookie lets a request in; anything else is 401")
    func credentials() {
        #expect(Self.decide(authorization: "Bearer \(Self.value)") == .allowed)
        #expect(Self.decide(authorization: "bearer \(Self.value)") == .allowed)
        #expect(Self.decide(cookies: ["theme=dark; winddown_token=\(Self.value)"]) == .allowed)
        #expect(Self.decide(cookies: ["a=b", "winddown_token=\(Self.value)"]) == .allowed)
        #expect(Self.decide(cookies: ["winddown_token=planted-by-a-neighbour; winddown_token=\(Self.value)"]) == .allowed, "any cookie of the name")
        #expect(Self.status(Self.decide()) == .unauthorized)
        #expect(Self.status(Self.decide(authorization: "Bearer nope")) == .unauthorized)
        #expect(Self.status(Self.decide(authorization: "Basic \(Self.value)")) == .unauthorized)
        #expect(Self.status(Self.decide(authorization: "Bearer")) == .unauthorized)
        #expect(Self.status(Self.decide(cookies: ["winddown_token=forged"])) == .unauthorized)
        #expect(Self.status(Self.decide(cookies: ["xwinddown_token=\(Self.value)"])) == .unauthorized)
        // A wrong header is not rescued by a right cookie.
        #expect(Self.status(Self.decide(authorization: "Bearer nope", cookies: ["winddown_token=\(Self.value)"])) == .unauthorized)
    }

    @Test("/?token= with the right token sets the cookie and leaves the address; a wrong one is 401")
    func login() {
        #expect(Self.decide("GET", "/", query: Self.value) == .setCookieAndRedirect)
        #expect(Self.status(Self.decide("GET", "/", query: "wrong")) == .unauthorized)
        #expect(Self.status(Self.decide("GET", "/api/status", query: Self.value)) == .unauthorized, "only the page takes it in the address")
        let cookie = WebAccess.cookie(for: Self.token)
        #expect(cookie.hasPrefix("winddown_token=\(Self.value);") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
    }

    @Test("nothing that changes anything comes from another page: form posts, cross-site requests, foreign origins")
    func crossSite() {
        let cookie = ["winddown_token=\(Self.value)"]
        #expect(Self.decide("POST", "/api/start", cookies: cookie, type: "application/json") == .allowed)
        #expect(Self.decide("POST", "/api/start", cookies: cookie, origin: "http://pi.local:8765", site: "same-origin", type: "application/json; charset=utf-8") == .allowed)
        #expect(Self.status(Self.decide("POST", "/api/start", cookies: cookie, type: "application/x-www-form-urlencoded")) == .unsupportedMediaType)
        #expect(Self.status(Self.decide("POST", "/api/start", cookies: cookie, type: "text/plain")) == .unsupportedMediaType)
        #expect(Self.status(Self.decide("POST", "/api/start", cookies: cookie)) == .unsupportedMediaType)
        #expect(Self.status(Self.decide("POST", "/api/start", cookies: cookie, origin: "http://evil.example", type: "application/json")) == .forbidden)
        #expect(Self.status(Self.decide("POST", "/api/start", cookies: cookie, site: "cross-site", type: "application/json")) == .forbidden)
        #expect(Self.status(Self.decide("GET", "/api/status", cookies: cookie, site: "cross-site")) == .forbidden, "no reading from another site either")
        #expect(Self.decide("GET", "/", cookies: cookie, site: "cross-site") == .allowed, "a link from elsewhere may open the page")
        #expect(Self.status(Self.decide("POST", "/api/start", origin: "http://evil.example", type: "application/json")) == .forbidden)
    }
}

@Suite("[web] in the configuration")
struct WebConfigurationTests {
    @Test("both keys are read, the token file taken relative to the configuration")
    func keys() throws {
        let config = try Configuration.parse("[web]\nlisten = \"0.0.0.0:9000\"\ntoken_file = \"/var/lib/x/token\"\n", file: "w.toml")
        #expect(config.web.listen == WebListenAddress(host: "0.0.0.0", port: 9000))
        #expect(config.web.listen.isWildcard && !config.web.listen.isLoopback)
        #expect(config.web.tokenFile == "/var/lib/x/token")
        #expect(Configuration.defaults.web == Configuration.Web(listen: .loopback, tokenFile: nil))
        #expect(Configuration.defaults.web.listen.description == "127.0.0.1:8765" && Configuration.defaults.web.listen.isLoopback)
    }

    @Test("a relative token file is taken relative to the configuration's folder")
    func relativeTokenFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("winddown.toml")
        try writeFile("[web]\ntoken_file = \"secrets/web-token\"\n", to: file)
        #expect(try Configuration.load(path: file.path).web.tokenFile == folder.appendingPathComponent("secrets/web-token").path)
    }

    @Test("listen addresses", arguments: [
        ("127.0.0.1:8765", "127.0.0.1", 8765), ("[::1]:80", "::1", 80), ("[::]:8765", "::", 8765),
        ("localhost:1", "localhost", 1), ("pi.local:65535", "pi.local", 65535),
    ])
    func addresses(text: String, host: String, port: Int) throws {
        let address = try WebListenAddress(parsing: text)
        #expect(address.host == host && address.port == port)
        #expect(try WebListenAddress(parsing: address.description) == address)
    }

    @Test("bad listen addresses name what is wrong", arguments: [
        "8765", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", ":8765", "[::1]8765",
        "[::1", "http://127.0.0.1:8765", "a b:80", String(repeating: "a", count: 300) + ":80", "127.0.0.1:99999999999999999999",
    ])
    func badAddresses(text: String) {
        #expect(throws: InvalidValue.self) { try WebListenAddress(parsing: text) }
        #expect(throws: ConfigurationError.self) { try Configuration.parse("[web]\nlisten = \"\(text)\"\n", file: "w.toml") }
    }

    @Test("a blank token file and a wrong type are configuration errors naming the key")
    func badKeys() {
        for text in ["[web]\ntoken_file = \" \"\n", "[web]\nlisten = 8765\n", "[web]\nport = 1\n"] {
            #expect {
                try Configuration.parse(text, file: "w.toml")
            } throws: { error in
                "\(error)".contains("web.")
            }
        }
    }
}
