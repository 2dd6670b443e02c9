import Foundation

/// A real Snapcast server (Debian's `snapserver` 0.26) of the test's own:
/// a TCP stream source winddown connects to, the clients' stream port and
/// the JSON-RPC port, all on free loopback ports, its state in the test's
/// folder (so a restart remembers the clients, as a real one does).
final class SnapServer {
    let dir: TemporaryDirectory
    let sourcePort: Int
    let streamPort: Int
    let controlPort: Int
    let configuration: URL
    private(set) var process: LaunchedProcess?

    struct Missing: Error, CustomStringConvertible {
        var description: String { "snapserver or snapclient is not installed (scripts/bootstrap.sh installs them)" }
    }

    /// `source`: the stream source line (by default the TCP source the README gives).
    init(in dir: TemporaryDirectory, source: ((Int) -> String)? = nil) throws {
        guard tool("snapserver") != nil, tool("snapclient") != nil else { throw Missing() }
        self.dir = dir
        sourcePort = try Loopback.freePort()
        streamPort = try Loopback.freePort()
        controlPort = try Loopback.freePort()
        let data = dir.file("snapserver")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let line = source?(sourcePort) ?? "tcp://127.0.0.1:\(sourcePort)?name=winddown&mode=server"
        configuration = try dir.write(
            """
            [server]
            datadir = \(data.path)
            [http]
            enabled = false
            [tcp]
            port = \(controlPort)
            bind_to_address = 127.0.0.1
            [stream]
            port = \(streamPort)
            bind_to_address = 127.0.0.1
            source = \(line)
            [logging]
            sink = stderr
            """, to: "snapserver.conf")
    }

    func start() async throws {
        process = try LaunchedProcess(try tool("snapserver").unwrap(), ["-c", configuration.path], logsIn: dir.url, name: "snapserver")
        for _ in 0..<200 {
            if Loopback.accepts(port: controlPort) && Loopback.accepts(port: streamPort) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw LaunchedProcess.SpawnFailure(description: "snapserver does not listen: \(process?.stderr ?? "")")
    }

    /// Gone at once, as a crashed server is.
    func kill() async {
        process?.send(SIGKILL)
        _ = await process?.waitForExit(timeout: .seconds(5))
        process = nil
    }

    func stop() async {
        await process?.terminate()
        process = nil
    }

    /// A JSON-RPC connection of the test's own, as Snapweb would have.
    func control() throws -> SnapControl { try SnapControl(port: controlPort) }
}

/// A real `snapclient` whose file player writes what it plays (48000:16:2,
/// 50 ms at a time on a steady timer, silence included) to a file.
final class SnapClient {
    let id: String
    let file: URL
    let process: LaunchedProcess

    init(_ id: String, of server: SnapServer) throws {
        self.id = id
        file = server.dir.file("\(id).raw")
        process = try LaunchedProcess(
            try tool("snapclient").unwrap(),
            ["-h", "127.0.0.1", "-p", String(server.streamPort), "--hostID", id, "--player", "file:filename=\(file.path)", "--logsink", "stderr"],
            logsIn: server.dir.url, name: "snapclient-\(id)")
    }

    func stop() async { await process.terminate() }

    /// The samples written so far (interleaved stereo).
    var samples: [Int16] {
        guard let data = try? Data(contentsOf: file) else { return [] }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// Whether everything written so far is silence.
    var isSilentSoFar: Bool { !samples.contains { $0 != 0 } }
}

/// Newline-delimited JSON-RPC 2.0 over TCP, one request at a time;
/// notifications that come in between are kept for the test to read.
final class SnapControl {
    private let fd: Int32
    private var nextID = 1000
    private var buffer: [UInt8] = []
    private(set) var notifications: [[String: Any]] = []

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
            close(fd)
            throw LaunchedProcess.SpawnFailure(description: "cannot connect to snapserver's control port \(port)")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The `result` of `method`, or an error carrying the server's.
    func call(_ method: String, _ params: [String: Any]? = nil) throws -> [String: Any] {
        nextID += 1
        var request: [String: Any] = ["id": nextID, "jsonrpc": "2.0", "method": method]
        if let params { request["params"] = params }
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while true {
            let object = try readMessage()
            if object["method"] != nil {
                notifications.append(object)
                continue
            }
            guard object["id"] as? Int == nextID else { continue }
            if let error = object["error"] { throw LaunchedProcess.SpawnFailure(description: "\(method): \(error)") }
            return object["result"] as? [String: Any] ?? [:]
        }
    }

    private func readMessage() throws -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] { return object }
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { throw LaunchedProcess.SpawnFailure(description: "snapserver's control connection ended or timed out") }
            buffer += chunk[0..<count]
        }
    }

    /// Every client the status shows, by id: volume, muted, connected, and its group's stream.
    func clients() throws -> [String: (percent: Int, muted: Bool, connected: Bool, stream: String)] {
        let server = try call("Server.GetStatus")["server"] as? [String: Any] ?? [:]
        var found: [String: (percent: Int, muted: Bool, connected: Bool, stream: String)] = [:]
        for group in server["groups"] as? [[String: Any]] ?? [] {
            let stream = group["stream_id"] as? String ?? ""
            for client in group["clients"] as? [[String: Any]] ?? [] {
                let volume = (client["config"] as? [String: Any])?["volume"] as? [String: Any] ?? [:]
                found[client["id"] as? String ?? ""] = (
                    volume["percent"] as? Int ?? -1, volume["muted"] as? Bool ?? false, client["connected"] as? Bool ?? false, stream
                )
            }
        }
        return found
    }

    func setVolume(_ client: String, _ percent: Int, muted: Bool = false) throws {
        _ = try call("Client.SetVolume", ["id": client, "volume": ["percent": percent, "muted": muted]])
    }
}

/// When a file player played a given frame, on the monotonic clock, found
/// by watching its file grow. snapclient's file player writes one 50 ms
/// block per timer tick, each filled with the audio due at the moment it
/// is taken; a tick that comes late is written late, and one that comes
/// very late makes the player start counting again from then (the file
/// then holds less than the time that went by). So the position of a frame
/// in the file says when it played only near that frame: the block holding
/// it was due no later than each later block's first sighting minus the
/// blocks in between, and the least of those bounds over the next second
/// is the moment to within the player's smallest delay.
final class FileWriteLog: @unchecked Sendable {
    // @unchecked: `sightings` is written by the watching thread until `stop` has seen it end.
    private let files: [URL]
    /// For each file, when each count of whole blocks was first seen.
    private var sightings: [[(time: Double, blocks: Int)]]
    private let stopped = NSCondition()
    private var stopping = false
    private var done = false
    static let blockFrames = 48_000 / 20
    static let blockBytes = blockFrames * 4

    init(_ files: [URL]) {
        self.files = files
        sightings = Array(repeating: [], count: files.count)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func start() {
        Thread { [self] in
            while true {
                stopped.lock()
                let quit = stopping
                stopped.unlock()
                if quit { break }
                for (index, file) in files.enumerated() {
                    var info = stat()
                    guard stat(file.path, &info) == 0 else { continue }
                    let t = Self.now()
                    // A block half written is not yet a block.
                    let blocks = Int(info.st_size) / Self.blockBytes
                    if blocks > (sightings[index].last?.blocks ?? 0) { sightings[index].append((t, blocks)) }
                }
                usleep(700)
            }
            stopped.lock()
            done = true
            stopped.broadcast()
            stopped.unlock()
        }.start()
    }

    /// Ends the watching (again is harmless).
    func stop() {
        stopped.lock()
        stopping = true
        while !done { stopped.wait() }
        stopped.unlock()
    }

    /// When file `index` played `frame`, in seconds on the monotonic clock;
    /// nil if the watch never saw the second after it written.
    func played(file index: Int, frame: Int) -> Double? {
        stop()
        let block = frame / Self.blockFrames
        let following = sightings[index].filter { $0.blocks > block && $0.blocks <= block + 21 }
        guard following.contains(where: { $0.blocks == block + 21 }) else { return nil }
        let due = following.map { $0.time - Double($0.blocks - 1 - block) * 0.05 }.min() ?? .infinity
        return due + Double(frame - block * Self.blockFrames) / 48_000
    }
}
