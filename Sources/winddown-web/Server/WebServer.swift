#if canImport(Glibc)
    import Glibc
#endif
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WinddownCore

/// Hummingbird's HTTP/1 server with the router, run without `Application`:
/// `Application` keeps a timer that wakes the process every second to
/// cache the `Date` header, and a box on a nightstand should sleep while
/// nobody looks. Here the header is written with each answer instead.
struct WebServer {
    let router: Router<BasicRequestContext>
    let address: WebListenAddress
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let onServerRunning: @Sendable () async -> Void

    /// Connections held at once; past this, new ones wait in the kernel's queue.
    static let maximumConnections = 512

    /// Serves until SIGTERM or SIGINT, then lets the answers under way finish.
    func run() async throws {
        let responder = router.buildResponder()
        let logger = self.logger
        let onServerRunning = self.onServerRunning
        let server = try HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [RequestDeadline()]))
            .buildServer(
                configuration: ServerConfiguration(
                    address: .hostname(address.host, port: address.port),
                    availableConnectionsDelegate: MaximumAvailableConnections(Self.maximumConnections)),
                eventLoopGroup: eventLoopGroup, logger: logger,
                responder: { request, writer, channel in
                    let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
                    var response: Response
                    do {
                        response = try await responder.respond(to: request, context: context)
                    } catch {
                        logger.error("answering \(request.method) \(request.uri.path): \(error)")
                        response = WebResponses.error(WebError(.badGateway, "winddown-web could not answer: \(error)"))
                    }
                    response.headers[.date] = Self.httpDate()
                    try await writer.write(response: response.head, body: response.body)
                },
                onServerRunning: { _ in await onServerRunning() })
        let services = ServiceGroup(
            configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }

    /// Now as an HTTP date (RFC 9110's IMF-fixdate), in C's locale.
    static func httpDate() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 40)
        let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
