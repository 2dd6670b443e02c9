import HTTPTypes
import Hummingbird
import Logging
import WinddownCore

/// Before any handler: the path and method must be known (404, 405), and
/// the request must carry the token and come from this page (401, 403,
/// 415). Every refusal, and any error a handler throws, answers as JSON.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: WebToken
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let method = request.method.rawValue
        if let refusal = WebRoute.refusal(method: method, path: path) {
            var response = WebResponses.error(refusal)
            if refusal.status == .methodNotAllowed, let methods = WebRoute.methods(for: path) {
                response.headers[.allow] = methods.joined(separator: ", ")
            }
            return response
        }
        let facts = WebAccess.Request(
            method: method, path: path, queryToken: request.uri.queryParameters["token"].map(String.init),
            authorization: request.headers[.authorization], cookies: request.headers[values: .cookie],
            host: request.head.authority, origin: request.headers[.origin],
            fetchSite: request.headers[HTTPField.Name("Sec-Fetch-Site")!], contentType: request.headers[.contentType])
        switch WebAccess.decide(facts, token: token) {
        case .refused(let error):
            logger.debug("refused \(method) \(path): \(error.message)")
            return WebResponses.error(error)
        case .setCookieAndRedirect:
            // A page of our own that moves on to `/` (a meta refresh needs no
            // script): the move starts here, so the new cookie goes with it.
            var response = WebResponses.asset(PageAssets.signIn, type: "text/html; charset=utf-8")
            response.headers[.cacheControl] = "no-store"
            response.headers[.setCookie] = WebAccess.cookie(for: token)
            return response
        case .allowed:
            do {
                // HEAD (routed to the GET's handler): its status and headers, without its body.
                let response = try await next(request, context)
                guard request.method == .head else { return response }
                return Response(status: response.status, headers: response.headers, body: ResponseBody())
            } catch let error as any HTTPResponseError {
                // Hummingbird's own refusals (a body over the limit is NIO's too-many-bytes error) in the API's JSON.
                let status = WebError.Status(rawValue: error.status.code) ?? .badRequest
                let message = error.status == .contentTooLarge
                    ? "the body is larger than \(WebCommand.maximumBodyLength) bytes" : error.status.reasonPhrase
                return WebResponses.error(WebError(status, message))
            }
        }
    }
}
