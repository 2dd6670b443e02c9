import Foundation

/// A real Mosquitto broker (Debian's `mosquitto`) of the test's own, on a
/// free loopback port, with no persistence: a restart forgets every
/// retained message, as a broker that lost its disk would.
final class MosquittoBroker {
    let dir: TemporaryDirectory
    let port: Int
    private(set) var process: LaunchedProcess?
    private let configuration: URL

    struct Missing: Error, CustomStringConvertible {
        var description: String { "mosquitto is not installed (scripts/bootstrap.sh installs it)" }
    }

    /// `login`: a user and password the broker requires (anonymous clients refused).
    /// `selfSignedTLS`: TLS only, with a certificate no system trusts.
    init(in dir: TemporaryDirectory, login: (user: String, password: String)? = nil, selfSignedTLS: Bool = false) throws {
        guard tool("mosquitto") != nil, tool("mosquitto_sub") != nil else { throw Missing() }
        self.dir = dir
        port = try Loopback.freePort()
        var text = "listener \(port) 127.0.0.1\npersistence false\n"
        // Run as root, mosquitto would become the user "mosquitto", who cannot read the test's 0700 folder.
        if let me = getpwuid(getuid()) { text += "user \(String(cString: me.pointee.pw_name))\n" }
        if selfSignedTLS {
            let made = Foundation.Process()
            made.executableURL = try tool("openssl").unwrap()
            made.arguments = [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-keyout", dir.file("broker-key.pem").path, "-out", dir.file("broker-cert.pem").path,
            ]
            made.standardError = FileHandle.nullDevice
            try made.run()
            made.waitUntilExit()
            text += "certfile \(dir.file("broker-cert.pem").path)\nkeyfile \(dir.file("broker-key.pem").path)\n"
        }
        if let login {
            let file = dir.file("broker-passwords")
            try "".write(to: file, atomically: true, encoding: .utf8)
            let made = Foundation.Process()
            made.executableURL = tool("mosquitto_passwd")
            made.arguments = ["-b", file.path, login.user, login.password]
            try made.run()
            made.waitUntilExit()
            text += "allow_anonymous false\npassword_file \(file.path)\n"
        } else {
            text += "allow_anonymous true\n"
        }
        configuration = try dir.write(text, to: "mosquitto-\(port).conf")
    }

    func start() async throws {
        process = try LaunchedProcess(try tool("mosquitto").unwrap(), ["-c", configuration.path], logsIn: dir.url, name: "mosquitto")
        for _ in 0..<200 {
            if Loopback.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw LaunchedProcess.SpawnFailure(description: "mosquitto does not listen on \(port): \(process?.stderr ?? "")")
    }

    /// Gone at once, as a crashed broker is: no goodbyes to its clients.
    func kill() async {
        process?.send(SIGKILL)
        await process?.waitForExit(timeout: .seconds(5))
        process = nil
    }

    func stop() async {
        await process?.terminate()
        process = nil
    }

    /// Publishes one message with Debian's `mosquitto_pub`, as Home Assistant would.
    func publish(_ topic: String, _ payload: String, retain: Bool = false) async throws {
        try await publish(topic, file: nil, message: payload, retain: retain)
    }

    /// Publishes the bytes of `file` as the message.
    func publish(_ topic: String, file: URL, retain: Bool = false) async throws {
        try await publish(topic, file: file, message: nil, retain: retain)
    }

    private func publish(_ topic: String, file: URL?, message: String?, retain: Bool) async throws {
        var arguments = ["-h", "127.0.0.1", "-p", String(port), "-q", "1", "-t", topic]
        if let file { arguments += ["-f", file.path] }
        if let message { arguments += ["-m", message] }
        if retain { arguments.append("-r") }
        let result = try await run(try tool("mosquitto_pub").unwrap(), arguments, logsIn: dir.url, timeout: .seconds(10))
        guard result.exitedCleanly else { throw LaunchedProcess.SpawnFailure(description: "\(result)") }
    }
}

/// Everything published under the topics it follows, as Debian's
/// `mosquitto_sub` saw it: one line per message, `retained|topic|payload`.
final class MQTTListener {
    struct Message: Equatable, CustomStringConvertible {
        var retained: Bool
        var topic: String
        var payload: String
        var description: String { "\(retained ? "[retained] " : "")\(topic) \(payload.prefix(120))" }
    }

    let process: LaunchedProcess

    init(_ broker: MosquittoBroker, topics: [String] = ["winddown/#", "homeassistant/#"]) async throws {
        let arguments = ["-h", "127.0.0.1", "-p", String(broker.port), "-q", "1", "-F", "%r|%t|%p"] + topics.flatMap { ["-t", $0] }
        process = try LaunchedProcess(try tool("mosquitto_sub").unwrap(), arguments, logsIn: broker.dir.url, name: "mosquitto_sub")
        // Subscribed once the broker shows it a message of its own.
        let probe = "winddown/probe/\(UUID().uuidString.prefix(8))"
        for _ in 0..<100 {
            try await broker.publish(probe, "ready")
            if messages.contains(where: { $0.topic == probe }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    deinit { process.send(SIGTERM) }

    var messages: [Message] {
        process.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return Message(retained: parts[0] == "1", topic: String(parts[1]), payload: String(parts[2]))
        }.filter { !$0.topic.hasPrefix("winddown/probe/") }
    }

    func on(_ topic: String) -> [Message] { messages.filter { $0.topic == topic } }

    /// The latest payload on `topic`.
    func last(_ topic: String) -> String? { on(topic).last?.payload }

    /// Waits until `condition` holds on the messages so far; returns whether it did.
    func wait(timeout: Duration = .seconds(10), until condition: ([Message]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(messages) { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return condition(messages)
    }

    /// Waits until `topic`'s latest payload is `payload`.
    func wait(for topic: String, _ payload: String, timeout: Duration = .seconds(10)) async -> Bool {
        await wait(timeout: timeout) { messages in messages.last { $0.topic == topic }?.payload == payload }
    }
}

extension Optional {
    struct Absent: Error {}
    func unwrap() throws -> Wrapped {
        guard let value = self else { throw Absent() }
        return value
    }
}
