import Glibc
import Synchronization

/// A tiny HTTP/1.1 server for hook tests: listens on 127.0.0.1 at a port the
/// kernel picks, records every request (method, path, headers, body) and
/// answers each with the same reply, one request per connection. It runs on
/// a thread of its own, so a test can block in `waitpid` meanwhile; a
/// request is recorded before it is answered, so once the client has
/// exited its requests are all here. Call `stop()` when done.
final class RecordingHTTPServer: Sendable {
    struct Request: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: String

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var description: String { "\(method) \(path) \(body)" }
    }

    struct Reply: Sendable {
        var status: Int
        var body: String

        static func json(_ body: String, status: Int = 200) -> Reply { Reply(status: status, body: body) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: UInt16
    private let listener: Int32
    private let reply: Reply
    private let recorded = Mutex<[Request]>([])
    private let thread = Mutex<pthread_t?>(nil)

    init(reply: Reply) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot listen on 127.0.0.1: \(reason)")
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        try start()
    }

    /// `http://127.0.0.1:PORT`
    var url: String { "http://127.0.0.1:\(port)" }
    /// `127.0.0.1:PORT`
    var hostAndPort: String { "127.0.0.1:\(port)" }

    /// The requests so far, oldest first.
    var requests: [Request] { recorded.withLock { $0 } }

    /// Stops accepting, waits for the server thread and closes the socket.
    func stop() {
        let running = thread.withLock { (current: inout pthread_t?) -> pthread_t? in
            defer { current = nil }
            return current
        }
        guard let running else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        pthread_join(running, nil)
        close(listener)
    }

    private func start() throws {
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&handle, nil, { context in
            let server = Unmanaged<RecordingHTTPServer>.fromOpaque(context!).takeRetainedValue()
            server.serve()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<RecordingHTTPServer>.fromOpaque(context).release()
            close(listener)
            throw Failure(description: "pthread_create: \(String(cString: strerror(result)))")
        }
        thread.withLock { $0 = handle }
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return  // shut down
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if let request = receive(connection) {
                recorded.withLock { $0.append(request) }
                respond(connection)
            }
            close(connection)
        }
    }

    /// Reads one request: the head up to the blank line, then Content-Length bytes.
    private func receive(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headEnd: Int?
        var expected = Int.max
        while bytes.count < expected {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if headEnd == nil, let end = Self.headEnd(in: bytes) {
                headEnd = end
                let head = Self.parseHead(bytes[0..<end])
                expected = end + 4 + (Int(head?.headers["content-length"] ?? "0") ?? 0)
            }
        }
        guard let end = headEnd, var request = Self.parseHead(bytes[0..<end]) else { return nil }
        request.body = String(decoding: bytes[min(end + 4, bytes.count)...], as: UTF8.self)
        return request
    }

    private static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return (0...(bytes.count - 4)).first { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>) -> Request? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers[line[..<colon].lowercased()] = String(value)
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: "")
    }

    private func respond(_ connection: Int32) {
        let reason = [200: "OK", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"][reply.status] ?? "Status"
        let body = Array(reply.body.utf8)
        let head = "HTTP/1.1 \(reply.status) \(reason)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }
}
