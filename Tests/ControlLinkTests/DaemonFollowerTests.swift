#if canImport(Glibc)
    import Glibc
#endif
import ControlLink
import Logging
import Testing
import WinddownCore

/// A listening Unix socket in a private folder, standing in for the
/// daemon's control socket: it accepts, reads lines and answers as told.
private final class FakeDaemonSocket {
    let path: String
    private let folder: String
    private let listener: Int32
    private var peer: Int32 = -1

    init() throws {
        var template = Array("/tmp/winddown-follower.XXXXXX".utf8CString)
        let made = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        folder = String(cString: made)
        path = folder + "/control.sock"
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(listener, 4) == 0)
    }

    deinit {
        if peer >= 0 { close(peer) }
        close(listener)
        unlink(path)
        rmdir(folder)
    }

    /// Waits (up to 5 s) for the follower's connection and its first line.
    func acceptLine() throws -> String {
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        try #require(poll(&ready, 1, 5000) == 1)
        peer = accept(listener, nil, nil)
        return try readLine()
    }

    func readLine() throws -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: peer, events: Int16(POLLIN), revents: 0)
            try #require(poll(&ready, 1, 5000) == 1)
            try #require(read(peer, &byte, 1) == 1)
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(peer, $0.baseAddress, $0.count) }
    }

    func hangUp() {
        close(peer)
        peer = -1
    }
}

@Suite("a bridge's link to the daemon (DaemonFollower)")
struct DaemonFollowerTests {
    let logger = Logger(label: "test")

    /// Polls the follower's connection (up to 5 s) and services it, as a bridge's loop does.
    private func turn(_ follower: inout DaemonFollower, now: Duration) -> [DaemonFollower.Event] {
        var ready = pollfd(fd: follower.descriptor, events: follower.pollEvents, revents: 0)
        _ = poll(&ready, 1, 5000)
        return follower.flush(now: now) + follower.service(descriptor: ready.fd, revents: ready.revents, now: now)
    }

    // DaemonFollower is not copyable, so each figure is read into a value before #expect looks at it.

    @Test("watches, carries requests and their answers, and on a hang-up gives back what was unanswered and waits 1 s, then 2 s")
    func followsAndReconnects() throws {
        let daemon = try FakeDaemonSocket()
        var follower = DaemonFollower(socketPath: daemon.path, logger: logger)
        let descriptorBefore = follower.descriptor
        #expect(descriptorBefore == -1)
        let connecting = follower.connectIfDue(now: .seconds(100)) + follower.flush(now: .seconds(100))
        let retryWhileConnected = follower.retryAt
        #expect(connecting == [] && retryWhileConnected == nil)
        #expect(try daemon.acceptLine() == "watch")

        daemon.send(#"{"ok":true,"state":"idle","volume":20}"#)
        let watching = turn(&follower, now: .seconds(100))
        #expect(watching == [.message(.watching(StatusReport(state: .idle, volume: 20)))])

        let sent = [follower.send(.status), follower.send(.skip)]
        #expect(sent == [true, true])
        _ = follower.flush(now: .seconds(100))
        #expect(try daemon.readLine() == "status")
        #expect(try daemon.readLine() == "skip")
        daemon.send(#"{"event":"status","ok":true,"state":"running","volume":20}"#)
        daemon.send(#"{"ok":true,"state":"running","volume":20}"#)
        daemon.hangUp()
        var events: [DaemonFollower.Event] = []
        for _ in 0..<20 where !events.contains(where: { if case .lost = $0 { true } else { false } }) {
            events += turn(&follower, now: .seconds(101))
        }
        try #require(events.count == 3, "\(events)")
        #expect(events.first == .message(.status(StatusReport(state: .running, volume: 20))))
        if case .message(.answer(let request, let response)) = events[1] {
            #expect(request == .status && response.isOK)
        } else {
            Issue.record("the status answer came as \(events[1])")
        }
        #expect(events.last == .lost(abandoned: [.skip], wasConnected: true))
        let descriptorAfter = follower.descriptor
        let sentWhileDown = follower.send(.stop)
        let firstRetry = follower.retryAt
        #expect(descriptorAfter == -1 && !sentWhileDown)
        #expect(firstRetry == .seconds(102))

        // Not yet due: nothing is tried. Due, with the socket gone: a failed try, the next 2 s on.
        let early = follower.connectIfDue(now: .seconds(101.5))
        #expect(early == [])
        unlink(daemon.path)
        let failedTry = follower.connectIfDue(now: .seconds(102))
        let secondRetry = follower.retryAt
        #expect(failedTry == [.lost(abandoned: [], wasConnected: false)])
        #expect(secondRetry == .seconds(104))
    }

    @Test("a daemon that refuses the watch, or answers with what is not the protocol, ends the connection")
    func protocolErrorsEndIt() throws {
        for answer in [#"{"ok":false,"error":"not allowed"}"#, "not json at all"] {
            let daemon = try FakeDaemonSocket()
            var follower = DaemonFollower(socketPath: daemon.path, logger: logger)
            _ = follower.connectIfDue(now: .zero) + follower.flush(now: .zero)
            #expect(try daemon.acceptLine() == "watch")
            daemon.send(answer)
            let events = turn(&follower, now: .seconds(5))
            let retry = follower.retryAt
            #expect(events == [.lost(abandoned: [], wasConnected: true)], "after \(answer)")
            #expect(retry == .seconds(6))
        }
    }
}
