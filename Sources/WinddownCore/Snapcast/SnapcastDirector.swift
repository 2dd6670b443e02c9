/// What a session does with a Snapcast server's rooms, decided on its own:
/// lines from the server's JSON-RPC port and the time come in, requests to
/// send and what the audio may do go out. The daemon's link only carries
/// the actions out, so every decision here is tested on a manual clock.
///
/// The order keeps the rooms safe: the server's status first; then each
/// room's volume set to its level and its group given the session's
/// stream; only when every answer is in may audio reach the server. A
/// room that connects later is set the moment the server says so, long
/// before its buffer (a second by default) lets it be heard. At the end,
/// what the session changed goes back as it was.
public struct SnapcastDirector: Sendable {
    /// A room hearing the session, for `status`.
    public struct PlayingRoom: Equatable, Sendable {
        public var name: String
        public var volume: Int

        public init(name: String, volume: Int) {
            self.name = name
            self.volume = volume
        }
    }

    public enum Event: Equatable, Sendable {
        /// The control connection is open.
        case connected
        /// The control connection broke; why, in the system's words.
        case disconnected(reason: String)
        /// One line from the server, without its newline.
        case line([UInt8])
        /// A line longer than `SnapcastMessage.maximumLineLength` was dropped.
        case lineTooLong
        /// The session's audio is over: put the rooms back.
        case sessionEnded
        /// Time passed (the deadline came).
        case tick
    }

    public enum Severity: Sendable, Equatable { case info, notice, warning, error }

    public enum Action: Equatable, Sendable {
        /// Write this line (newline included) to the control connection.
        case send(String)
        /// The rooms are set: the session's stream may connect.
        case allowAudio
        /// The rooms are no longer known to be set: close the stream.
        case holdAudio
        case log(Severity, String)
        /// Close the control connection and connect again after a back-off.
        case reconnect
        case roomsChanged([PlayingRoom])
        /// The rooms are back as they were (or cannot be): the link may end.
        case finished
    }

    /// How long the server has to answer while rooms are set up.
    public static let setupTimeout = Duration.seconds(5)
    /// How long the rooms' restoring may take at the end of a session.
    public static let restoreTimeout = Duration.seconds(2)

    private enum Purpose: Equatable {
        case status
        case volume(client: String)
        case stream(group: String)
        case restore
    }

    private enum Phase: Equatable {
        case disconnected
        /// Connected, the status asked for and rooms being set.
        case settingUp
        case playing
        case restoring
        case finished
    }

    public let settings: Configuration.Snapcast
    /// `host:port` of the control port, for messages.
    public let serverName: String
    /// When the director wants a `tick`; nil: only on a line or a change.
    public private(set) var deadline: Duration?

    private var phase = Phase.disconnected
    private var nextID = 1
    private var pending: [Int: Purpose] = [:]
    private var streamID: String?
    /// The rooms' clients and groups as first seen this session, and which
    /// of them the session changed (in order): only those are put back.
    private var originalVolumes: [String: SnapcastServerStatus.Volume] = [:]
    private var changedClients: [String] = []
    private var originalStreams: [String: String] = [:]
    private var changedGroups: [String] = []
    /// The rooms' clients by id, as last seen, and their levels.
    private var roomClients: [String: (name: String, volume: Int)] = [:]
    /// The rooms' clients the last status showed connected.
    private var connectedRooms: Set<String> = []
    private var playing: [PlayingRoom] = []
    private var audioAllowed = false
    /// Said once a session, not at every reconnect.
    private var said: Set<String> = []
    private var garbageSaid = false

    public init(settings: Configuration.Snapcast) {
        self.settings = settings
        serverName = "\(settings.server?.name ?? "localhost"):\(settings.controlPort)"
    }

    public var rooms: [PlayingRoom] { playing }
    public var isFinished: Bool { phase == .finished }
    public var isAudioAllowed: Bool { audioAllowed }

    public mutating func handle(_ event: Event, at now: Duration) -> [Action] {
        var actions: [Action] = []
        switch event {
        case .connected:
            guard phase == .disconnected else { return [] }
            phase = .settingUp
            garbageSaid = false
            deadline = now + Self.setupTimeout
            actions.append(request("Server.GetStatus", nil, .status))
        case .disconnected(let reason):
            actions += disconnected(reason: reason)
        case .lineTooLong:
            actions += garbage("a line longer than \(SnapcastMessage.maximumLineLength / (1 << 20)) MiB")
        case .line(let bytes):
            do { actions += try received(SnapcastMessage(line: bytes), at: now) } catch {
                actions += garbage("\(error): \(Self.excerpt(bytes))")
            }
        case .sessionEnded:
            actions += restore(at: now)
        case .tick:
            guard let deadline, now >= deadline else { return [] }
            self.deadline = nil
            switch phase {
            case .settingUp:
                actions.append(.log(.error, "the Snapcast server at \(serverName) did not answer within \(Self.setupTimeout.components.seconds) s; trying again"))
                actions += dropConnection()
                actions.append(.reconnect)
            case .restoring:
                actions.append(.log(.warning, "the Snapcast server at \(serverName) did not confirm the rooms' restored volumes within \(Self.restoreTimeout.components.seconds) s"))
                phase = .finished
                actions.append(.finished)
            default: break
            }
        }
        return actions
    }

    // MARK: Connection

    private mutating func disconnected(reason: String) -> [Action] {
        switch phase {
        case .finished, .disconnected: return []
        case .restoring:
            phase = .finished
            deadline = nil
            return [.log(.warning, "lost the Snapcast server at \(serverName) (\(reason)) before the rooms were restored"), .finished]
        case .settingUp, .playing:
            var actions: [Action] = [.log(.warning, "lost the Snapcast server at \(serverName): \(reason); the session goes on and winddown reconnects")]
            actions += dropConnection()
            return actions
        }
    }

    /// Forgets the connection's requests; audio stops until rooms are set again.
    private mutating func dropConnection() -> [Action] {
        var actions: [Action] = []
        phase = .disconnected
        pending = [:]
        deadline = nil
        if audioAllowed {
            audioAllowed = false
            actions.append(.holdAudio)
        }
        if !playing.isEmpty {
            playing = []
            actions.append(.roomsChanged([]))
        }
        return actions
    }

    private mutating func garbage(_ what: String) -> [Action] {
        // Once a connection: a server that sends nonsense would otherwise flood the journal.
        guard !garbageSaid else { return [] }
        garbageSaid = true
        return [.log(.warning, "the Snapcast server at \(serverName) sent a line that is not JSON-RPC (\(what)); ignoring it")]
    }

    private static func excerpt(_ bytes: [UInt8]) -> String {
        let shown = String(decoding: bytes.prefix(80), as: UTF8.self).map { $0.isASCII && !$0.isNewline && $0 != "\t" && ($0.asciiValue ?? 0) >= 32 ? $0 : "?" }
        return "\"\(String(shown))\(bytes.count > 80 ? "..." : "")\""
    }

    // MARK: Answers and notifications

    private mutating func received(_ message: SnapcastMessage, at now: Duration) throws(SnapcastProtocolError) -> [Action] {
        switch message {
        case .result(let id, let result):
            guard let purpose = pending.removeValue(forKey: id) else { return [] }
            var actions: [Action] = []
            if purpose == .status {
                guard let server = result["server"] else { throw SnapcastProtocolError("a status without \"server\"") }
                actions += try apply(SnapcastServerStatus(server: server), at: now)
            }
            return actions + progressed()
        case .error(let id, let error):
            guard let id, let purpose = pending.removeValue(forKey: id) else {
                return [.log(.warning, "the Snapcast server at \(serverName) reported an error: \(error)")]
            }
            var actions: [Action]
            switch purpose {
            case .status:
                actions = [.log(.error, "the Snapcast server at \(serverName) refused Server.GetStatus: \(error); trying again")]
                if phase == .settingUp {
                    actions += dropConnection()
                    actions.append(.reconnect)
                    return actions
                }
            case .volume(let client):
                let name = roomClients[client]?.name ?? client
                roomClients[client] = nil
                actions = [.log(.warning, "the Snapcast server at \(serverName) refused the volume of room \"\(name)\": \(error); the session leaves that room out")]
            case .stream(let group):
                actions = [.log(.warning, "the Snapcast server at \(serverName) refused to give group \(group) the session's stream: \(error)")]
            case .restore:
                actions = [.log(.warning, "the Snapcast server at \(serverName) refused to restore a room: \(error)")]
            }
            return actions + updatedRooms() + progressed()
        case .notification(let method, let params):
            return try notified(method, params, at: now)
        }
    }

    private mutating func notified(_ method: String, _ params: JSONValue, at now: Duration) throws(SnapcastProtocolError) -> [Action] {
        guard phase == .settingUp || phase == .playing else { return [] }
        switch method {
        case "Client.OnConnect":
            guard let value = params["client"] else { return [] }
            let client = try SnapcastServerStatus.Client(value)
            var actions: [Action] = []
            // Set at once, before its buffer lets it be heard; the status then shows its group.
            if let (level, name) = room(for: client) {
                if originalVolumes[client.id] == nil { originalVolumes[client.id] = client.volume }
                roomClients[client.id] = (name, level)
                if client.volume != SnapcastServerStatus.Volume(percent: level, muted: false) {
                    actions.append(setVolume(of: client.id, to: level))
                }
            }
            return actions + askStatus()
        case "Client.OnVolumeChanged":
            guard let id = params["id"]?.stringValue, let room = roomClients[id] else { return [] }
            let volume = try SnapcastServerStatus.Volume(params["volume"], of: "client \(id)")
            // Lower or muted is the listener's choice; above the room's level is not.
            guard volume.percent > room.volume else { return [] }
            return [
                .log(.notice, "room \"\(room.name)\" was turned up to \(volume.percent) %; the session keeps it at \(room.volume) %"),
                setVolume(of: id, to: room.volume, muted: volume.muted),
            ]
        case "Server.OnUpdate":
            guard let server = params["server"] else { return [] }
            return try apply(SnapcastServerStatus(server: server), at: now) + progressed()
        case "Client.OnDisconnect", "Client.OnNameChanged", "Group.OnStreamChanged", "Group.OnMute":
            return askStatus()
        default:
            return []
        }
    }

    /// Asks for the status unless an answer is on its way already.
    private mutating func askStatus() -> [Action] {
        guard !pending.values.contains(.status) else { return [] }
        return [request("Server.GetStatus", nil, .status)]
    }

    /// Sets what the status shows is not yet as the session wants it.
    private mutating func apply(_ status: SnapcastServerStatus, at now: Duration) throws(SnapcastProtocolError) -> [Action] {
        guard phase == .settingUp || phase == .playing else { return [] }
        let wanted = settings.streamPort
        guard let stream = status.streams.first(where: { $0.scheme == "tcp" && $0.port == wanted && $0.mode == "server" }) else {
            let streams = status.streams.map { $0.raw.isEmpty ? $0.id : $0.raw }
            var actions = once(
                .error,
                "the Snapcast server at \(serverName) has no TCP stream source on port \(wanted) for winddown to play to (its streams: \(streams.isEmpty ? "none" : streams.joined(separator: ", "))); add to the [stream] section of its snapserver.conf: source = tcp://0.0.0.0:\(wanted)?name=winddown&mode=server"
            )
            actions += dropConnection()
            return actions + [.reconnect]
        }
        guard stream.sampleFormat == SnapcastServerStatus.defaultSampleFormat else {
            var actions = once(
                .error,
                "the Snapcast stream \"\(stream.id)\" at \(serverName) takes \(stream.sampleFormat) audio; winddown writes \(SnapcastServerStatus.defaultSampleFormat): set sampleformat=\(SnapcastServerStatus.defaultSampleFormat) in its source line (or leave it out)"
            )
            actions += dropConnection()
            return actions + [.reconnect]
        }
        streamID = stream.id
        var actions: [Action] = []
        var rooms: [String: (name: String, volume: Int)] = [:]
        // Each room as the configuration names it (or the client's own name when all play).
        let targets: [(SnapcastServerStatus.Client, Int, String)]
        if let configured = settings.rooms {
            var found: [(SnapcastServerStatus.Client, Int, String)] = []
            for room in configured {
                guard let client = status.clients.first(where: { $0.isNamed(room.client) }) else {
                    let known = status.clients.map(\.displayName)
                    actions += once(
                        .warning, key: "missing \(room.client)",
                        "room \"\(room.client)\" is not a client of the Snapcast server at \(serverName) (its clients: \(known.isEmpty ? "none" : known.joined(separator: ", "))); it is set when it connects")
                    continue
                }
                found.append((client, room.volume, room.client.text))
            }
            targets = found
        } else {
            targets = status.clients.map { ($0, SnapcastRoom.everyClientVolume, $0.displayName) }
        }
        let roomIDs = Set(targets.map { $0.0.id })
        var groupsToSet: [String] = []
        for (client, level, name) in targets {
            guard let group = status.group(of: client.id) else { continue }
            // A group plays one stream to all its clients: giving it the session's would play it where nobody asked.
            let strangers = group.clients.filter { !roomIDs.contains($0.id) }.map(\.displayName)
            guard strangers.isEmpty else {
                actions += once(
                    .warning, key: "shared \(client.id)",
                    "room \"\(client.displayName)\" shares a Snapcast group with \(strangers.joined(separator: ", ")), which is not a room of the session; it is left out (give it a group of its own, or list the others in snapcast.rooms)")
                continue
            }
            if originalVolumes[client.id] == nil { originalVolumes[client.id] = client.volume }
            if originalStreams[group.id] == nil { originalStreams[group.id] = group.streamID }
            rooms[client.id] = (name, level)
            if client.volume != SnapcastServerStatus.Volume(percent: level, muted: false), !pending.values.contains(.volume(client: client.id)) {
                actions.append(setVolume(of: client.id, to: level))
            }
            if group.streamID != stream.id, !groupsToSet.contains(group.id), !pending.values.contains(.stream(group: group.id)) {
                groupsToSet.append(group.id)
                if !changedGroups.contains(group.id) { changedGroups.append(group.id) }
                actions.append(request("Group.SetStream", ["id": .string(group.id), "stream_id": .string(stream.id)], .stream(group: group.id)))
            }
        }
        roomClients = rooms
        connectedRooms = Set(targets.filter { $0.0.connected }.map { $0.0.id })
        return actions + updatedRooms()
    }

    /// The level and name of the room `client` is, if it is one.
    private func room(for client: SnapcastServerStatus.Client) -> (Int, String)? {
        guard let configured = settings.rooms else { return (SnapcastRoom.everyClientVolume, client.displayName) }
        return configured.first { client.isNamed($0.client) }.map { ($0.volume, $0.client.text) }
    }

    private mutating func setVolume(of client: String, to percent: Int, muted: Bool = false) -> Action {
        if !changedClients.contains(client) { changedClients.append(client) }
        return request("Client.SetVolume", ["id": .string(client), "volume": ["percent": .int(percent), "muted": .bool(muted)]], .volume(client: client))
    }

    /// After an answer: once nothing of the set-up is outstanding, audio may flow.
    private mutating func progressed() -> [Action] {
        switch phase {
        case .settingUp:
            guard pending.isEmpty, streamID != nil else { return [] }
            phase = .playing
            deadline = nil
            audioAllowed = true
            let names = playing.map { "\($0.name) at \($0.volume) %" }
            return [
                .log(.info, "Snapcast rooms set at \(serverName): \(names.isEmpty ? "none connected yet" : names.joined(separator: ", "))"),
                .allowAudio,
            ]
        case .restoring:
            guard !pending.values.contains(.restore) else { return [] }
            phase = .finished
            deadline = nil
            return [.log(.info, "Snapcast rooms restored at \(serverName)"), .finished]
        default:
            return []
        }
    }

    private mutating func updatedRooms() -> [Action] {
        let now = roomClients.filter { connectedRooms.contains($0.key) }
            .map { PlayingRoom(name: $0.value.name, volume: $0.value.volume) }
            .sorted { $0.name < $1.name }
        guard now != playing else { return [] }
        playing = now
        return [.roomsChanged(now)]
    }

    // MARK: The end

    private mutating func restore(at now: Duration) -> [Action] {
        switch phase {
        case .finished, .restoring: return []
        case .disconnected:
            phase = .finished
            let touched = !changedClients.isEmpty || !changedGroups.isEmpty
            return (touched ? [.log(.warning, "the Snapcast server at \(serverName) is not connected: the rooms' volumes and streams are not restored")] : []) + [.finished]
        case .settingUp, .playing:
            var actions: [Action] = []
            if audioAllowed {
                audioAllowed = false
                actions.append(.holdAudio)
            }
            phase = .restoring
            pending = [:]
            for client in changedClients {
                guard let volume = originalVolumes[client] else { continue }
                actions.append(request("Client.SetVolume", ["id": .string(client), "volume": volume.json], .restore))
            }
            for group in changedGroups {
                guard let stream = originalStreams[group], stream != streamID else { continue }
                actions.append(request("Group.SetStream", ["id": .string(group), "stream_id": .string(stream)], .restore))
            }
            if !playing.isEmpty {
                playing = []
                actions.append(.roomsChanged([]))
            }
            guard pending.values.contains(.restore) else {
                phase = .finished
                return actions + [.finished]
            }
            deadline = now + Self.restoreTimeout
            return actions
        }
    }

    private mutating func request(_ method: String, _ params: JSONObject?, _ purpose: Purpose) -> Action {
        let id = nextID
        nextID += 1
        pending[id] = purpose
        return .send(SnapcastRequest(id: id, method: method, params: params).line)
    }

    /// A message said once a session.
    private mutating func once(_ severity: Severity, key: String? = nil, _ message: String) -> [Action] {
        guard said.insert(key ?? message).inserted else { return [] }
        return [.log(severity, message)]
    }
}
