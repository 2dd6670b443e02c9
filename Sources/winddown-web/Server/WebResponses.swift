import HTTPTypes
import Hummingbird
import WinddownCore

/// The shapes every answer takes: JSON (the control socket's own), the
/// page's assets, and errors as `{"ok":false,"error":"…"}`.
enum WebResponses {
    /// Only this page's own files, scripts and styles; never framed by another page.
    static let securityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    static func headers(_ contentType: String, cache: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.cacheControl] = cache ? "private, max-age=3600" : "no-store"
        fields[.contentSecurityPolicy] = securityPolicy
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return fields
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers("application/json"), body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func json(_ response: ControlResponse) -> Response {
        // A refusal by the daemon (nothing playing, a bad argument) is a conflict with its state, not a server error.
        json(response.line, status: response.isOK ? .ok : .conflict)
    }

    static func error(_ error: WebError) -> Response {
        var response = json(error.body, status: HTTPResponse.Status(code: error.status.rawValue))
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"winddown\"" }
        return response
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: headers(type, cache: true), body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
