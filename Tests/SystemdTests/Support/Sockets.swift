import Glibc
import Testing

struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ call: String) { description = "\(call) failed: \(String(cString: strerror(errno)))" }
}

/// A fresh private directory under /tmp, removed with what is in it by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/winddown-sd-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw SetupFailure("mkdtemp") }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove(_ names: String...) {
        for name in names { unlink(path + "/" + name) }
        rmdir(path)
    }
}

/// An `AF_UNIX` socket bound to `path` (and listening, for stream sockets).
func unixSocket(type: Int32, path: String, listening: Bool) throws -> Int32 {
    let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw SetupFailure("socket") }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(path.utf8.prefix(raw.count - 1))
        raw.copyBytes(from: bytes)
    }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard bound == 0 else { close(fd); throw SetupFailure("bind \(path)") }
    if listening, listen(fd, 8) != 0 { close(fd); throw SetupFailure("listen") }
    return fd
}

let streamType = Int32(SOCK_STREAM.rawValue)
let datagramType = Int32(SOCK_DGRAM.rawValue)

/// A datagram socket of the test's own, standing in for systemd's notify socket.
struct NotifyListener {
    let directory: TemporaryDirectory
    let fd: Int32
    var path: String { directory.path + "/notify" }

    init() throws {
        directory = try TemporaryDirectory()
        fd = try unixSocket(type: datagramType, path: directory.path + "/notify", listening: false)
    }

    /// The next datagram, or nil after `timeout` milliseconds without one.
    func receive(timeout: Int32 = 5_000) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeout) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Whether a datagram is waiting right now.
    var hasPending: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) == 1
    }

    func close() {
        _ = Glibc.close(fd)
        directory.remove("notify")
    }
}

/// Runs an exit test's body (exit-test closures cannot throw): an error thrown
/// there is recorded as an issue and ends the child with a failure status.
func inChild(_ body: () throws -> Void) {
    do {
        try body()
    } catch {
        Issue.record(error)
        exit(2)
    }
}

func setEnvironment(_ name: String, _ value: String?) {
    if let value { setenv(name, value, 1) } else { unsetenv(name) }
}

func monotonicMicrosecondsNow() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
