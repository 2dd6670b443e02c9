// libFuzzer entry points for the parsers that read untrusted input. Built
// by scripts/fuzz.sh together with WinddownCore's sources as one module
// (so that internal code is reached too), with -sanitize=fuzzer. The
// target is picked by WINDDOWN_FUZZ_TARGET; every target must return
// normally for every input: an error thrown is fine, a trap is a finding.

#if canImport(Glibc)
    import Glibc
#endif

enum FuzzTarget: String, CaseIterable {
    case toml, config, routine, control, json, tzif, ogg, mqtt, web, snapcast

    /// Two rooms by name and every other client left alone.
    static let snapcastSettings = Configuration.Snapcast(
        server: try? SnapcastHost(parsing: "127.0.0.1"),
        rooms: [("roomA", 30), ("Kids", 15)].compactMap { name, volume in
            (try? SnapcastClientName(parsing: name)).map { SnapcastRoom(client: $0, volume: volume) }
        })

    func run(_ bytes: [UInt8]) {
        switch self {
        case .toml:
            _ = try? TOML.parse(bytes: bytes)
        case .config:
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
            if let configuration = try? Configuration.parse(text, file: "fuzz.toml") {
                _ = configuration.problems(file: "fuzz.toml")
            }
        case .routine:
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
            guard let routine = try? Routine.parse(text, file: "fuzz.toml") else { return }
            // What the daemon does next with a routine that parsed: lay it out.
            for minutes: Int64 in [5, 15, 60] {
                _ = try? SessionTimeline.make(
                    routine: routine,
                    settings: TimelineSettings(
                        sampleRate: 8000, guided: .seconds(minutes * 60), fadeOut: .seconds(60), fadeIn: .seconds(2),
                        promptDuration: { _ in .seconds(3) }))
            }
        case .control:
            var framer = LineFramer()
            for frame in framer.feed(bytes) + [framer.finish()].compactMap({ $0 }) {
                if case .line(let line) = frame, let request = try? ControlRequest(parsing: line) {
                    _ = try? ControlRequest(parsing: Array(request.line.utf8))
                }
            }
        case .json:
            // What winddownctl does with an answer: read it back as a status or a history entry.
            guard let value = try? JSONParser().parse(bytes) else { return }
            _ = try? JSONParser().parse(value.encoded())
            if case .object(let object) = value { _ = try? StatusReport(json: object) }
            _ = try? HistoryEntry(json: value)
        case .tzif:
            guard let rules = try? ZoneRules(tzif: bytes) else { return }
            for instant: Int64 in [-(1 << 40), -1, 0, 1_700_000_000, 4_102_444_800, 1 << 40] {
                _ = rules.utcOffset(at: instant)
                _ = rules.localTime(at: instant)
            }
            _ = rules.instants(year: 2026, month: 3, day: 29, hour: 2, minute: 30)
        case .ogg:
            // What the daemon reads of a shipped clip: who spoke it.
            guard let comments = try? OggComments(oggPrefix: bytes) else { return }
            _ = comments.value("TTS_ENGINE")
        case .mqtt:
            // What winddown-mqtt does with a message from the broker: the first
            // byte picks the topic (and whether it was retained), the rest is the payload.
            guard let first = bytes.first else { return }
            var bridge = HomeAssistantBridge(settings: FuzzTarget.bridgeSettings)
            _ = bridge.handle(.daemonConnected(StatusReport(state: .running, volume: 20)))
            _ = bridge.handle(.brokerConnected)
            let topics = FuzzTarget.bridgeSettings.topics.subscriptions
            let topic = topics[Int(first & 0x7f) % topics.count]
            let payload = Array(bytes.dropFirst())
            _ = bridge.handle(.message(topic: topic, payload: payload, retained: first & 0x80 != 0))
            if let text = String(validating: payload, as: UTF8.self) {
                _ = try? MQTTBroker(parsing: text)
                _ = try? MQTTNodeID(parsing: text)
                _ = try? MQTTTopicPrefix(parsing: text)
                _ = MQTTNodeID(hostName: text)
            }
        case .snapcast:
            // What a session's Snapcast link does with the server's lines: the
            // director hears each one; the first byte says where the session ends.
            guard let first = bytes.first else { return }
            var director = SnapcastDirector(settings: FuzzTarget.snapcastSettings)
            _ = director.handle(.connected, at: .zero)
            var framer = LineFramer(maximumLength: 65_536)
            let frames = framer.feed(bytes.dropFirst()) + [framer.finish()].compactMap { $0 }
            for (index, frame) in frames.enumerated() {
                let now = Duration.milliseconds(Int64(index) * 700)
                if index == Int(first) % max(1, frames.count) { _ = director.handle(.sessionEnded, at: now) }
                switch frame {
                case .line(let line): _ = director.handle(.line(line), at: now)
                case .tooLong: _ = director.handle(.lineTooLong, at: now)
                }
                _ = director.handle(.tick, at: now)
            }
            _ = director.handle(.disconnected(reason: "fuzz"), at: .seconds(3600))
        case .web:
            // What winddown-web does with a request: the first byte picks the
            // command; the rest is its body, then the head's fields and the plan JSON.
            guard let first = bytes.first else { return }
            let names = WebCommand.names + ["reload", ""]
            let body = Array(bytes.dropFirst())
            _ = try? WebCommand.request(names[Int(first) % names.count], body: body)
            guard let text = String(validating: body, as: UTF8.self) else { return }
            _ = try? WebListenAddress(parsing: text)
            _ = try? WebToken(fileContents: body)
            _ = WebRoute.refusal(method: "GET", path: text)
            _ = WebAccess.decide(
                WebAccess.Request(method: first & 1 == 0 ? "GET" : "POST", path: "/api/start", queryToken: text, authorization: text,
                    cookies: [text], host: text, origin: text, fetchSite: text, contentType: text),
                token: WebToken(randomBytes: Array(repeating: 7, count: 32)))
            if case .object(let object)? = try? JSONParser().parse(body), let plan = try? PlanReport(json: object) {
                _ = PlanDrawing.svg(plan)
            }
        }
    }
}

extension FuzzTarget {
    static let bridgeSettings = HomeAssistantBridge.Settings(
        topics: BridgeTopics(nodeID: MQTTNodeID(hostName: "fuzz"), discoveryPrefix: .homeAssistant),
        maximumVolume: 50, routines: ["foot-massage", "quick"], defaultRoutine: "foot-massage")
}

nonisolated(unsafe) private var selected: FuzzTarget = .toml

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = getenv("WINDDOWN_FUZZ_TARGET").map { String(cString: $0) } ?? "toml"
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        var message = "WINDDOWN_FUZZ_TARGET=\(name): not a target; use one of \(names)\n"
        message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        exit(2)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selected.run(bytes)
    return 0
}
