import CSystemd
import Glibc

/// A listening Unix stream socket the service manager passed in (socket
/// activation). The daemon's server takes over the descriptor: it accepts on
/// it and closes it at shutdown; nothing here closes it.
public struct ListenedSocket: Sendable, Equatable {
    /// The listening descriptor (3 under systemd). Close-on-exec is set.
    public let fileDescriptor: Int32
    /// The socket's filesystem path, when it has one (not abstract or unnamed), for log lines.
    public let path: String?

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        self.path = Self.boundPath(of: fileDescriptor)
    }

    private static func boundPath(of fd: Int32) -> String? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        guard ok, Int(length) > pathOffset else { return nil }
        return withUnsafeBytes(of: address.sun_path) { raw in
            let bytes = raw.prefix(Int(length) - pathOffset)
            guard let first = bytes.first, first != 0 else { return nil }  // abstract namespace
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
