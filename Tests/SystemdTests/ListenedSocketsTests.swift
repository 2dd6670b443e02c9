import Glibc
@testable import Systemd
import Testing

/// `take()` reads fd 3 onward, which in the test process may belong to the
/// test runner; so the tests of `take()` run in a child process (exit test)
/// that parks whatever is on fd 3 and 4, puts its own sockets there, and puts
/// the originals back before recording any result. The checks on a
/// descriptor run in-process on sockets at whatever number they get.
@Suite("Socket activation: LISTEN_FDS and the passed control socket")
struct ListenedSocketsTests {
    @Test("one listening Unix stream socket on fd 3 is taken, with its path, and LISTEN_* are unset")
    func takesOne() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let directory = try TemporaryDirectory()
                defer { directory.remove("control.sock") }
                let listener = try unixSocket(type: streamType, path: directory.path + "/control.sock", listening: true)
                let outcome = try withDescriptors([listener]) {
                    setEnvironment("LISTEN_FDS", "1")
                    setEnvironment("LISTEN_PID", String(getpid()))
                    let taken = Result { () throws(SocketActivationError) in try ListenedSockets.take() }
                    let closeOnExec = fcntl(3, F_GETFD) & FD_CLOEXEC != 0
                    return (taken, closeOnExec)
                }
                let socket = try outcome.0.get()
                #expect(socket?.fileDescriptor == 3)
                #expect(socket?.path == directory.path + "/control.sock")
                #expect(outcome.1, "sd_listen_fds sets FD_CLOEXEC so hooks do not inherit it")
                #expect(getenv("LISTEN_FDS") == nil && getenv("LISTEN_PID") == nil)
                let again = try ListenedSockets.take()
                #expect(again == nil)
            }
        }
    }

    @Test("two passed sockets are refused with a message naming the count")
    func refusesTwo() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let directory = try TemporaryDirectory()
                defer { directory.remove("a.sock", "b.sock") }
                let first = try unixSocket(type: streamType, path: directory.path + "/a.sock", listening: true)
                let second = try unixSocket(type: streamType, path: directory.path + "/b.sock", listening: true)
                let taken = try withDescriptors([first, second]) {
                    setEnvironment("LISTEN_FDS", "2")
                    setEnvironment("LISTEN_PID", String(getpid()))
                    return Result { () throws(SocketActivationError) in try ListenedSockets.take() }
                }
                #expect {
                    try taken.get()
                } throws: { error in
                    (error as? SocketActivationError).map {
                        $0.reason == .unexpectedCount
                            && $0.message == "LISTEN_FDS gave 2 sockets; winddownd expects one Unix stream socket"
                    } == true
                }
            }
        }
    }

    @Test("not activated: nothing set, or LISTEN_PID names another process")
    func notActivated() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("LISTEN_FDS", nil)
                setEnvironment("LISTEN_PID", nil)
                let unset = try ListenedSockets.take()
                #expect(unset == nil)
                setEnvironment("LISTEN_FDS", "1")
                setEnvironment("LISTEN_PID", String(getppid()))
                let otherProcess = try ListenedSockets.take()
                #expect(otherProcess == nil)
            }
        }
    }

    @Test("malformed LISTEN_FDS is a libsystemd error")
    func malformed() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("LISTEN_FDS", "one")
                setEnvironment("LISTEN_PID", String(getpid()))
                #expect {
                    try ListenedSockets.take()
                } throws: { error in
                    (error as? SocketActivationError).map {
                        $0.reason == .systemd && $0.underlying?.call == "sd_listen_fds"
                    } == true
                }
            }
        }
    }

    @Test("a listening Unix stream socket passes the check")
    func validatesListening() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove("ok.sock") }
        let fd = try unixSocket(type: streamType, path: directory.path + "/ok.sock", listening: true)
        defer { close(fd) }
        let socket = try ListenedSockets.validate(fd)
        #expect(socket.fileDescriptor == fd)
        #expect(socket.path == directory.path + "/ok.sock")
    }

    @Test("anything else is refused, saying what it is", arguments: [
        ("datagram", "not a stream socket"),
        ("unlistened", "a Unix stream socket that is not listening"),
        ("tcp", "not a Unix socket"),
        ("pipe", "not a socket"),
    ])
    func refusesOthers(kind: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove("x.sock") }
        let path = directory.path + "/x.sock"
        let fd: Int32
        switch kind {
        case "datagram": fd = try unixSocket(type: datagramType, path: path, listening: false)
        case "unlistened": fd = try unixSocket(type: streamType, path: path, listening: false)
        case "tcp":
            fd = socket(AF_INET, streamType, 0)
            #expect(fd >= 0 && listen(fd, 1) == 0)
        default:
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            close(ends[1])
            fd = ends[0]
        }
        defer { close(fd) }
        #expect {
            try ListenedSockets.validate(fd)
        } throws: { error in
            guard let error = error as? SocketActivationError else { return false }
            return error.reason == .notListeningUnixStream
                && error.message.hasPrefix("the socket systemd passed (fd \(fd)) is \(expected); ")
        }
    }
}

/// Puts `descriptors` on 3, 4, … for the duration of `body`, then restores
/// what was there (or closes the slots that were free) and closes the originals.
func withDescriptors<T>(_ descriptors: [Int32], _ body: () -> T) throws -> T {
    var parked: [(slot: Int32, saved: Int32)] = []
    for (index, fd) in descriptors.enumerated() {
        let slot = Int32(3 + index)
        parked.append((slot, fcntl(slot, F_DUPFD_CLOEXEC, 100)))  // -1 when the slot was free
        guard dup2(fd, slot) == slot else { throw SetupFailure("dup2 onto \(slot)") }
    }
    let result = body()
    for (slot, saved) in parked.reversed() {
        if saved >= 0 {
            dup2(saved, slot)
            close(saved)
        } else {
            close(slot)
        }
    }
    for fd in descriptors { close(fd) }
    return result
}
