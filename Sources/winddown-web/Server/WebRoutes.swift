import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import WinddownCore

/// The page and the API (interface.md, "Web page and API"): each handler
/// asks the daemon through the one `DaemonLink` and answers with its JSON.
struct WebRoutes {
    let link: DaemonLink
    let options: JSONObject
    let logger: Logger

    /// The lengths the page offers to start with.
    static let offeredMinutes = [5, 10, 15, 20, 30, 45, 60]

    init(link: DaemonLink, configuration: Configuration, routines: [String], logger: Logger) {
        self.link = link
        self.logger = logger
        let minutes = Int(configuration.session.duration.components.seconds / 60)
        options = [
            "ok": true, "routines": .array(routines.map { .string($0) }),
            "routine": .string(configuration.session.routine.description),
            "duration_min": .int(minutes),
            "durations_min": .array(Array(Set(Self.offeredMinutes + [minutes])).sorted().map { .int($0) }),
            "max_volume": .int(configuration.audio.maxVolume),
            "plan_axis": ["start": .double(PlanDrawing.timeAxis.start), "length": .double(PlanDrawing.timeAxis.length)],
        ]
    }

    func add(to router: Router<some RequestContext>) {
        readable(router, "/") { _, _ in WebResponses.asset(PageAssets.html, type: "text/html; charset=utf-8") }
        readable(router, "/app.js") { _, _ in WebResponses.asset(PageAssets.javascript, type: "text/javascript; charset=utf-8") }
        readable(router, "/app.css") { _, _ in WebResponses.asset(PageAssets.css, type: "text/css; charset=utf-8") }
        readable(router, "/icon.svg") { _, _ in WebResponses.asset(PageAssets.icon, type: "image/svg+xml") }
        readable(router, "/favicon.ico") { _, _ in WebResponses.asset(PageAssets.icon, type: "image/svg+xml") }
        readable(router, "/api/options") { _, _ in WebResponses.json(options.encoded()) }
        readable(router, "/api/status") { _, _ in await ask(.status) }
        readable(router, "/api/history") { request, _ in
            let count = request.uri.queryParameters["n"].map(String.init)
            let asked: ControlRequest
            do throws(ControlProtocolError) {
                asked = try count.map { text throws(ControlProtocolError) in try ControlRequest.history(countText: text) }
                    ?? .history(limit: ControlRequest.defaultHistoryLimit)
            } catch {
                return WebResponses.error(WebError(.badRequest, "n: \(error.message)"))
            }
            return await history(asked)
        }
        readable(router, "/api/plan") { request, _ in
            switch await plan(request) {
            case .success(let response): return WebResponses.json(response)
            case .failure(let error): return WebResponses.error(error)
            }
        }
        readable(router, "/api/plan.svg") { request, _ in
            switch await plan(request) {
            case .failure(let error): return WebResponses.error(error)
            case .success(let response):
                guard response.isOK else { return WebResponses.json(response) }
                do throws(ControlProtocolError) {
                    let report = try PlanReport(json: response.fields)
                    return WebResponses.asset(PlanDrawing.svg(report), type: "image/svg+xml")
                } catch {
                    return WebResponses.error(WebError(.badGateway, error.message))
                }
            }
        }
        readable(router, "/api/events") { _, _ in events() }
        router.post("/api/:command") { request, context in
            let name = context.parameters.get("command") ?? ""
            let body = try await request.body.collect(upTo: WebCommand.maximumBodyLength)
            do throws(WebError) {
                let command = try WebCommand.request(name, body: Array(buffer: body))
                return await ask(command)
            } catch {
                return WebResponses.error(error)
            }
        }
    }

    /// A GET route that answers HEAD too (the access check leaves the body out).
    private func readable<Context: RequestContext>(
        _ router: Router<Context>, _ path: RouterPath,
        _ handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.get(path, use: handler)
        router.head(path, use: handler)
    }

    /// The daemon's answer, or 503 when it cannot be asked.
    private func ask(_ request: ControlRequest) async -> Response {
        do { return WebResponses.json(try await link.send(request)) } catch {
            return WebResponses.error(WebError(.serviceUnavailable, "\(error)"))
        }
    }

    /// `history`, with the streak the page shows.
    private func history(_ request: ControlRequest) async -> Response {
        let response: ControlResponse
        do { response = try await link.send(request) } catch {
            return WebResponses.error(WebError(.serviceUnavailable, "\(error)"))
        }
        guard response.isOK, let entries = try? response.historyEntries() else { return WebResponses.json(response) }
        var fields = response.fields
        let streak = SessionStreak.current(in: entries)
        fields["streak"] = .int(streak.nights)
        fields["streak_text"] = .string(streak.description)
        return WebResponses.json(ControlResponse.success(fields))
    }

    private func plan(_ request: Request) async -> Result<ControlResponse, WebError> {
        let query = request.uri.queryParameters
        let asked: ControlRequest
        do throws(ControlProtocolError) {
            let words = ["plan"] + ["routine", "duration"].compactMap { key in query[Substring(key)].map { "\(key)=\($0)" } }
            guard !words.contains(where: { $0.contains(" ") || $0.contains("\n") }) else {
                return .failure(WebError(.badRequest, "routine and duration are single words"))
            }
            asked = try ControlRequest(parsing: words.joined(separator: " "))
        } catch {
            return .failure(WebError(.badRequest, error.message))
        }
        do { return .success(try await link.send(asked)) } catch {
            return .failure(WebError(.serviceUnavailable, "\(error)"))
        }
    }

    /// Server-sent events: `status` with each change the daemon reports,
    /// `down` while it cannot be reached, and a comment every 25 s so a
    /// vanished phone is noticed. Ends when the server shuts down.
    private func events() -> Response {
        var headers = WebResponses.headers("text/event-stream")
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        let link = self.link
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (lines, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(8))
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await update in link.updates() { sink.yield(Self.event(update)) }
                            sink.finish()
                        }
                        group.addTask {
                            while true {
                                try await Task.sleep(for: .seconds(25))
                                sink.yield(": still listening\n\n")
                            }
                        }
                        try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
                        for await line in lines { try await writer.write(ByteBuffer(string: line)) }
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    sink.finish()
                }
                try await writer.finish(nil)
            })
    }

    static func event(_ update: DaemonLink.Update) -> String {
        switch update {
        case .status(let report): "event: status\ndata: \(report.toJSON().encoded())\n\n"
        case .down(let reason): "event: down\ndata: \(ControlResponse.failure(reason).line)\n\n"
        }
    }
}
