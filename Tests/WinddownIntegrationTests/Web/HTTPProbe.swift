import Foundation

/// A plain HTTP/1.1 client over a TCP socket, so the tests see exactly what
/// the server sends (status, every header, the body) and can also misbehave:
/// send half a request, open connections and say nothing.
struct HTTPProbe {
    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: Data

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let port: Int
    /// Sent as `Authorization: Bearer` unless a request says otherwise.
    var token: String?

    /// One request on a new connection (`Connection: close`).
    func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil, authorized: Bool = true,
        timeout: TimeInterval = 15
    ) throws -> Answer {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"]
        if authorized, let token, headers["Authorization"] == nil { lines.append("Authorization: Bearer \(token)") }
        for (name, value) in headers { lines.append("\(name): \(value)") }
        if let body { lines.append("Content-Length: \(body.count)") }
        var bytes = Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        if let body { bytes.append(body) }
        let connection = try Connection(port: port)
        try connection.send(bytes)
        return try Self.parse(try connection.readToEnd(timeout: timeout))
    }

    /// A JSON POST of `object`.
    func post(_ path: String, _ object: [String: Any] = [:], headers: [String: String] = [:], authorized: Bool = true) throws -> Answer {
        var all = headers
        if all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
        return try request("POST", path, headers: all, body: try JSONSerialization.data(withJSONObject: object), authorized: authorized)
    }

    static func parse(_ data: Data) throws -> Answer {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete HTTP head in \(data.count) bytes: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = head[0].split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { throw Failure(description: "bad status line \(head[0])") }
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Data(data[split.upperBound...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }) {
            body = dechunk(body)
        }
        return Answer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            let end = rest.index(start, offsetBy: size)
            out.append(rest[start..<end])
            rest = rest[rest.index(end, offsetBy: min(2, rest.distance(from: end, to: rest.endIndex)))...]
        }
        return out
    }

    /// A raw TCP connection to the server.
    final class Connection {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                let code = errno
                close(fd)
                throw Failure(description: "cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(code)))")
            }
        }

        deinit { close(fd) }

        func send(_ data: Data) throws {
            var offset = 0
            while offset < data.count {
                let sent = data[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw Failure(description: "send failed: \(String(cString: strerror(errno)))") }
                offset += sent
            }
        }

        /// Whatever arrives within `timeout`, up to `limit` bytes or until `enough` says so.
        func read(timeout: TimeInterval, limit: Int = 1 << 20, until enough: (Data) -> Bool = { _ in false }) -> (data: Data, closed: Bool) {
            var data = Data()
            let deadline = Date().addingTimeInterval(timeout)
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while data.count < limit && !enough(data) {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return (data, false) }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
                let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if got <= 0 { return (data, true) }
                data.append(contentsOf: chunk[..<got])
            }
            return (data, false)
        }

        func readToEnd(timeout: TimeInterval) throws -> Data {
            let (data, closed) = read(timeout: timeout, limit: 64 << 20)
            guard closed else { throw Failure(description: "the server did not finish its answer within \(timeout) s") }
            return data
        }
    }
}
