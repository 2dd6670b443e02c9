import Testing
@testable import WinddownCore

/// A pretend Snapcast server's side of the conversation, written by hand
/// the way snapserver 0.26 words it, so the director's choices can be
/// checked one line at a time on a manual clock.
struct SnapcastScript {
    struct Client {
        var id: String
        var name = ""
        var host = ""
        var percent = 50
        var muted = false
        var connected = true
    }

    struct Group {
        var id: String
        var stream: String
        var clients: [Client]
    }

    var groups: [Group]
    var streams: [(id: String, raw: String)] = [
        ("winddown", "tcp://127.0.0.1:4953/?chunk_ms=20&codec=flac&mode=server&name=winddown&sampleformat=48000:16:2"),
        ("radio", "pipe:///tmp/snapfifo?name=radio&sampleformat=44100:16:2"),
    ]

    static func clientJSON(_ c: Client) -> JSONValue {
        [
            "id": .string(c.id), "connected": .bool(c.connected),
            "config": ["name": .string(c.name), "volume": ["percent": .int(c.percent), "muted": .bool(c.muted)]],
            "host": ["name": .string(c.host)],
        ]
    }

    var serverJSON: JSONValue {
        let groupValues: [JSONValue] = groups.map { group in
            ["id": .string(group.id), "stream_id": .string(group.stream), "clients": .array(group.clients.map(Self.clientJSON))]
        }
        let streamValues: [JSONValue] = streams.map { stream in
            let query = stream.raw.split(separator: "?").last.map(String.init) ?? ""
            var fields: JSONObject = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = .string(String(parts[1])) }
            }
            let scheme = String(stream.raw.prefix { $0 != ":" })
            return ["id": .string(stream.id), "uri": ["scheme": .string(scheme), "raw": .string(stream.raw), "query": .object(fields)]]
        }
        return ["groups": .array(groupValues), "streams": .array(streamValues)]
    }

    func statusReply(id: Int) -> [UInt8] {
        let object: JSONObject = ["id": .int(id), "jsonrpc": "2.0", "result": ["server": serverJSON]]
        return Array(object.encoded().utf8)
    }

    static func ok(id: Int) -> [UInt8] { Array(#"{"id":\#(id),"jsonrpc":"2.0","result":{}}"#.utf8) }
}

struct SentRequest: Equatable {
    var id: Int
    var method: String
    var params: JSONValue
}

func sent(_ actions: [SnapcastDirector.Action]) throws -> [SentRequest] {
    try actions.compactMap { action -> SentRequest? in
        guard case .send(let line) = action else { return nil }
        #expect(line.hasSuffix("\n"))
        let value = try JSONParser(maximumLength: 1 << 20, maximumDepth: 16).parse(Array(line.utf8.dropLast()))
        return SentRequest(id: value["id"]?.intValue ?? -1, method: value["method"]?.stringValue ?? "", params: value["params"] ?? .null)
    }
}

func logs(_ actions: [SnapcastDirector.Action], _ severity: SnapcastDirector.Severity? = nil) -> [String] {
    actions.compactMap {
        guard case .log(let s, let message) = $0, severity == nil || s == severity else { return nil }
        return message
    }
}

private func s(_ seconds: Double) -> Duration { .milliseconds(Int64(seconds * 1000)) }

@Suite("Snapcast director")
struct SnapcastDirectorTests {
    static func settings(rooms: [(String, Int)]?) throws -> Configuration.Snapcast {
        Configuration.Snapcast(
            server: try SnapcastHost(parsing: "127.0.0.1"),
            rooms: try rooms?.map { SnapcastRoom(client: try SnapcastClientName(parsing: $0.0), volume: $0.1) })
    }

    static let twoRooms = SnapcastScript(groups: [
        .init(id: "g1", stream: "radio", clients: [.init(id: "roomA", host: "pi-bedroom", percent: 80)]),
        .init(id: "g2", stream: "winddown", clients: [.init(id: "roomB", name: "Kids", percent: 20, muted: true)]),
        .init(id: "g3", stream: "radio", clients: [.init(id: "kitchen", percent: 90)]),
    ])

    /// Connects and answers the status; returns the set-up requests.
    static func setUp(
        _ director: inout SnapcastDirector, _ script: SnapcastScript, at time: Duration = .zero
    ) throws -> (requests: [SentRequest], actions: [SnapcastDirector.Action]) {
        let asked = try sent(director.handle(.connected, at: time))
        #expect(asked.map(\.method) == ["Server.GetStatus"])
        let actions = director.handle(.line(script.statusReply(id: asked[0].id)), at: time)
        return (try sent(actions), actions)
    }

    @Test("rooms get their volume and the stream before audio is allowed; others are left alone")
    func setUpOrder() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("pi-bedroom", 30), ("Kids", 15)]))
        let (requests, actions) = try Self.setUp(&director, Self.twoRooms)
        #expect(!actions.contains(.allowAudio))
        #expect(requests.map(\.method) == ["Client.SetVolume", "Group.SetStream", "Client.SetVolume"])
        #expect(requests[0].params == ["id": "roomA", "volume": ["percent": 30, "muted": false]])
        #expect(requests[1].params == ["id": "g1", "stream_id": "winddown"])
        #expect(requests[2].params == ["id": "roomB", "volume": ["percent": 15, "muted": false]])
        #expect(!requests.contains { $0.params["id"]?.stringValue == "kitchen" || $0.params["id"]?.stringValue == "g3" })
        #expect(actions.contains(.roomsChanged([.init(name: "Kids", volume: 15), .init(name: "pi-bedroom", volume: 30)])))
        // Audio waits for every answer.
        #expect(!director.handle(.line(SnapcastScript.ok(id: requests[0].id)), at: s(0.1)).contains(.allowAudio))
        #expect(!director.handle(.line(SnapcastScript.ok(id: requests[1].id)), at: s(0.1)).contains(.allowAudio))
        #expect(director.handle(.line(SnapcastScript.ok(id: requests[2].id)), at: s(0.1)).contains(.allowAudio))
        #expect(director.isAudioAllowed && director.deadline == nil)
    }

    @Test("unset rooms mean every client, at volume 100")
    func everyClient() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: nil))
        let (requests, _) = try Self.setUp(&director, Self.twoRooms)
        let volumes = requests.filter { $0.method == "Client.SetVolume" }.compactMap { $0.params["volume"]?["percent"]?.intValue }
        #expect(volumes == [100, 100, 100])
        #expect(director.rooms.count == 3)
    }

    @Test("nothing to change: audio is allowed with the status")
    func alreadySet() throws {
        var script = Self.twoRooms
        script.groups[1].clients[0].muted = false
        script.groups[1].clients[0].percent = 15
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomB", 15)]))
        let (requests, actions) = try Self.setUp(&director, script)
        #expect(requests.isEmpty)
        #expect(actions.contains(.allowAudio))
        // Nothing was changed, so nothing is put back.
        #expect(director.handle(.sessionEnded, at: s(10)).contains(.finished))
    }

    @Test("a room raised above its level is set back; lowered or muted is left")
    func ceiling() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomA", 30)]))
        _ = try Self.setUp(&director, Self.twoRooms)
        func changed(_ percent: Int, muted: Bool = false) -> [SnapcastDirector.Action] {
            director.handle(.line(Array(#"{"jsonrpc":"2.0","method":"Client.OnVolumeChanged","params":{"id":"roomA","volume":{"muted":\#(muted),"percent":\#(percent)}}}"#.utf8)), at: s(5))
        }
        let raised = changed(75)
        #expect(try sent(raised).map(\.params) == [["id": "roomA", "volume": ["percent": 30, "muted": false]]])
        #expect(logs(raised, .notice).first?.contains("75 %") == true)
        #expect(changed(10).isEmpty)
        #expect(changed(30, muted: true).isEmpty)
        #expect(try sent(changed(31, muted: true)).map(\.params) == [["id": "roomA", "volume": ["percent": 30, "muted": true]]])
        // A client that is not a room may be as loud as it likes.
        #expect(director.handle(.line(Array(#"{"jsonrpc":"2.0","method":"Client.OnVolumeChanged","params":{"id":"kitchen","volume":{"muted":false,"percent":100}}}"#.utf8)), at: s(5)).isEmpty)
    }

    @Test("a room that connects mid-session is set at once, then the status is asked")
    func joiner() throws {
        var script = Self.twoRooms
        script.groups.removeFirst()
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomA", 25), ("roomB", 15)]))
        let (requests, actions) = try Self.setUp(&director, script)
        #expect(logs(actions, .warning).contains { $0.contains("room \"roomA\" is not a client") && $0.contains("Kids, kitchen") })
        for request in requests { _ = director.handle(.line(SnapcastScript.ok(id: request.id)), at: s(1)) }
        #expect(director.isAudioAllowed)
        let client = SnapcastScript.clientJSON(.init(id: "roomA", percent: 100))
        let line: JSONObject = ["jsonrpc": "2.0", "method": "Client.OnConnect", "params": ["id": "roomA", "client": client]]
        let joined = try sent(director.handle(.line(Array(line.encoded().utf8)), at: s(60)))
        #expect(joined.map(\.method) == ["Client.SetVolume", "Server.GetStatus"])
        #expect(joined[0].params == ["id": "roomA", "volume": ["percent": 25, "muted": false]])
        // The status shows its group on another stream: that follows.
        script.groups[0].clients[0].percent = 15
        script.groups[0].clients[0].muted = false
        script.groups.insert(.init(id: "g9", stream: "radio", clients: [.init(id: "roomA", percent: 25)]), at: 0)
        let after = director.handle(.line(script.statusReply(id: joined[1].id)), at: s(60.1))
        #expect(try sent(after).map(\.method) == ["Group.SetStream"])
        #expect(director.rooms.map(\.name).sorted() == ["roomA", "roomB"])
        // At the end its volume goes back to what it had when it joined.
        _ = director.handle(.line(SnapcastScript.ok(id: joined[0].id)), at: s(61))
        let restore = try sent(director.handle(.sessionEnded, at: s(100)))
        #expect(restore.contains { $0.params == ["id": "roomA", "volume": ["percent": 100, "muted": false]] })
        #expect(restore.contains { $0.params == ["id": "g9", "stream_id": "radio"] })
    }

    @Test("the end puts volumes and streams back as they were first seen, once")
    func restore() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomA", 30), ("Kids", 15)]))
        let (requests, _) = try Self.setUp(&director, Self.twoRooms)
        for request in requests { _ = director.handle(.line(SnapcastScript.ok(id: request.id)), at: s(1)) }
        // The server restarts: the status now shows the session's own settings, which are not the originals.
        _ = director.handle(.disconnected(reason: "connection reset"), at: s(30))
        var changed = Self.twoRooms
        changed.groups[0].stream = "winddown"
        changed.groups[0].clients[0].percent = 30
        changed.groups[1].clients[0].percent = 15
        changed.groups[1].clients[0].muted = false
        let (again, actions) = try Self.setUp(&director, changed, at: s(31))
        #expect(again.isEmpty && actions.contains(.allowAudio))
        let ending = director.handle(.sessionEnded, at: s(100))
        #expect(ending.contains(.holdAudio))
        let restore = try sent(ending)
        #expect(restore.map(\.params) == [
            ["id": "roomA", "volume": ["percent": 80, "muted": false]],
            ["id": "roomB", "volume": ["percent": 20, "muted": true]],
            ["id": "g1", "stream_id": "radio"],
        ])
        #expect(director.deadline == s(102))
        // Restoring does not fight the volumes going back up.
        #expect(director.handle(.line(Array(#"{"jsonrpc":"2.0","method":"Client.OnVolumeChanged","params":{"id":"roomA","volume":{"muted":false,"percent":80}}}"#.utf8)), at: s(100.1)).isEmpty)
        for request in restore.dropLast() { #expect(!director.handle(.line(SnapcastScript.ok(id: request.id)), at: s(100.2)).contains(.finished)) }
        #expect(director.handle(.line(SnapcastScript.ok(id: restore.last!.id)), at: s(100.2)).contains(.finished))
        #expect(director.isFinished)
    }

    @Test("a server that never answers: set-up times out, restoring gives up after 2 s")
    func timeouts() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: nil))
        _ = director.handle(.connected, at: s(0))
        #expect(director.handle(.tick, at: s(4.9)).isEmpty)
        let late = director.handle(.tick, at: s(5))
        #expect(late.contains(.reconnect))
        #expect(logs(late, .error).first?.contains("did not answer within 5 s") == true)
        // Connected again, set up, then the end is never confirmed.
        let (requests, _) = try Self.setUp(&director, Self.twoRooms, at: s(10))
        for request in requests { _ = director.handle(.line(SnapcastScript.ok(id: request.id)), at: s(10)) }
        _ = director.handle(.sessionEnded, at: s(20))
        #expect(!director.handle(.tick, at: s(21.9)).contains(.finished))
        let gaveUp = director.handle(.tick, at: s(22))
        #expect(gaveUp.contains(.finished) && logs(gaveUp, .warning).first?.contains("did not confirm") == true)
    }

    @Test("no TCP source on the stream port names the line to add; another sample format is refused")
    func wrongStream() throws {
        var script = Self.twoRooms
        script.streams = [("radio", "pipe:///tmp/snapfifo?name=radio")]
        var director = SnapcastDirector(settings: try Self.settings(rooms: nil))
        let (requests, actions) = try Self.setUp(&director, script)
        #expect(requests.isEmpty && actions.contains(.reconnect) && !director.isAudioAllowed)
        #expect(logs(actions, .error).first?.contains("source = tcp://0.0.0.0:4953?name=winddown&mode=server") == true)
        #expect(logs(actions, .error).first?.contains("pipe:///tmp/snapfifo") == true)
        // Said once a session, not at every retry.
        #expect(logs(try Self.setUp(&director, script).actions).isEmpty)

        script.streams = [("winddown", "tcp://127.0.0.1:4953/?mode=server&sampleformat=44100:16:2")]
        var other = SnapcastDirector(settings: try Self.settings(rooms: nil))
        let refused = try Self.setUp(&other, script).actions
        #expect(logs(refused, .error).first?.contains("takes 44100:16:2 audio") == true)
        #expect(!other.isAudioAllowed)
    }

    @Test("errors and garbage from the server are logged in its words and the director goes on")
    func badLines() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomA", 30)]))
        let (requests, _) = try Self.setUp(&director, Self.twoRooms)
        let refused = director.handle(
            .line(Array(#"{"error":{"code":-32603,"data":"Client not found","message":"Internal error"},"id":\#(requests[0].id),"jsonrpc":"2.0"}"#.utf8)), at: s(1))
        #expect(logs(refused, .warning).first?.contains("Internal error: Client not found (code -32603)") == true)
        let garbage = director.handle(.line(Array("<html>\u{7}".utf8)), at: s(1))
        #expect(logs(garbage, .warning).first?.contains("not JSON-RPC") == true)
        #expect(logs(garbage, .warning).first?.contains("\"<html>?\"") == true)
        // Once a connection.
        #expect(director.handle(.line(Array("[1,2]".utf8)), at: s(1)).isEmpty)
        #expect(director.handle(.lineTooLong, at: s(1)).isEmpty)
        #expect(director.handle(.line(SnapcastScript.ok(id: requests[1].id)), at: s(1)).contains(.allowAudio))
        #expect(director.rooms.isEmpty)
    }

    @Test("a room sharing its group with a client not listed is left out")
    func sharedGroup() throws {
        var script = Self.twoRooms
        script.groups[0].clients.append(.init(id: "guest", percent: 100))
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomA", 30)]))
        let (requests, actions) = try Self.setUp(&director, script)
        #expect(requests.isEmpty)
        #expect(logs(actions, .warning).first?.contains("shares a Snapcast group with guest") == true)
    }

    @Test("losing the server holds the audio; the rooms go empty; the end cannot restore")
    func lost() throws {
        var director = SnapcastDirector(settings: try Self.settings(rooms: [("roomB", 15)]))
        let (requests, _) = try Self.setUp(&director, Self.twoRooms)
        _ = director.handle(.line(SnapcastScript.ok(id: requests[0].id)), at: s(1))
        let lost = director.handle(.disconnected(reason: "Connection reset by peer"), at: s(2))
        #expect(lost.contains(.holdAudio) && lost.contains(.roomsChanged([])))
        #expect(logs(lost, .warning).first?.contains("Connection reset by peer") == true)
        let end = director.handle(.sessionEnded, at: s(3))
        #expect(end.contains(.finished) && logs(end, .warning).first?.contains("not restored") == true)
    }
}

@Suite("Snapcast messages")
struct SnapcastMessageTests {
    @Test("results, errors and notifications")
    func kinds() throws {
        #expect(try SnapcastMessage(line: Array(#"{"id":3,"jsonrpc":"2.0","result":{"volume":{"muted":false,"percent":30}}}"#.utf8))
            == .result(id: 3, ["volume": ["muted": false, "percent": 30]]))
        #expect(try SnapcastMessage(line: Array(#"{"id":null,"error":{"code":-32700,"message":"Parse error"}}"#.utf8))
            == .error(id: nil, SnapcastRPCError(code: -32700, message: "Parse error")))
        #expect(try SnapcastMessage(line: Array(#"{"jsonrpc":"2.0","method":"Client.OnDisconnect","params":{"id":"a"}}"#.utf8))
            == .notification(method: "Client.OnDisconnect", params: ["id": "a"]))
    }

    @Test("what is not JSON-RPC is an error saying why", arguments: ["", "nul", "[]", "\"x\"", #"{"id":1}"#, #"{"result":1}"#, #"{"method":5}"#])
    func notMessages(text: String) {
        #expect(throws: SnapcastProtocolError.self) { try SnapcastMessage(line: Array(text.utf8)) }
    }

    @Test("a request is one line of JSON-RPC 2.0")
    func request() {
        #expect(SnapcastRequest(id: 7, method: "Group.SetStream", params: ["id": "g", "stream_id": "s"]).line
            == #"{"id":7,"jsonrpc":"2.0","method":"Group.SetStream","params":{"id":"g","stream_id":"s"}}"# + "\n")
    }

    @Test("a stream's port comes from its URI; a client without a volume is refused")
    func status() throws {
        let server: JSONValue = [
            "groups": [["id": "g", "stream_id": "s", "clients": [["id": "c", "config": ["name": "", "volume": ["percent": 250]]]]]],
            "streams": [["id": "s", "uri": ["scheme": "tcp", "raw": "tcp://[::1]:4953/?mode=server", "query": ["mode": "server"]]]],
        ]
        #expect(throws: SnapcastProtocolError.self) { try SnapcastServerStatus(server: server) }
        let fine: JSONValue = [
            "groups": [],
            "streams": [["id": "s", "uri": ["scheme": "tcp", "raw": "tcp://[::1]:4953/?mode=server", "query": ["mode": "server"]]]],
        ]
        let status = try SnapcastServerStatus(server: fine)
        #expect(status.streams.first?.port == 4953)
        #expect(status.streams.first?.sampleFormat == "48000:16:2")
    }
}
