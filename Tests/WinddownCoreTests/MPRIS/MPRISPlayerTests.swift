import Testing
import WinddownCore

/// The desktop's view of the daemon, decided without a bus: status in,
/// properties and their change signals out; calls in, requests and replies out.
@Suite("MPRIS player (pure)")
struct MPRISPlayerTests {
    typealias Player = MPRISPlayer
    static let settings = Player.Settings(maximumVolume: 50, socketPath: "/run/winddown/control.sock")

    static func running(step: Int = 2, elapsed: Int = 60, remaining: Int = 1740, volume: Int = 20, state: StatusReport.State = .running) -> StatusReport {
        var report = StatusReport(
            state: state, routine: "foot-massage", step: StatusReport.Step(index: step, count: 12, title: "Warm water"),
            elapsedSeconds: elapsed, remainingSeconds: remaining, volume: volume)
        report.scheduleEnabled = true
        return report
    }

    static let idle = StatusReport(state: .idle, volume: 20)

    /// Player and its first call's id.
    static func connected(_ report: StatusReport) -> Player {
        var player = Player(settings: settings)
        _ = player.handle(.daemonConnected(report), at: .seconds(100))
        return player
    }

    static func get(_ player: inout Player, _ name: String, at now: Duration = .seconds(100)) -> DBusValue? {
        let actions = player.handle(
            .call(7, interface: Player.propertiesInterface, member: "Get", arguments: [.string(Player.playerInterface), .string(name)]),
            at: now)
        guard case .reply(7, let values)? = actions.first, case .variant(let value)? = values.first else { return nil }
        return value
    }

    static func entry(_ dictionary: DBusValue?, _ key: String) -> DBusValue? {
        guard case .array(_, let entries)? = dictionary else { return nil }
        for case .dictionaryEntry(.string(key), .variant(let value)) in entries { return value }
        return nil
    }

    @Test("idle: Stopped with no track; a session: Playing, the step as the title, the routine as the album, the session's length")
    func properties() {
        var player = Self.connected(Self.idle)
        #expect(Self.get(&player, "PlaybackStatus") == .string("Stopped"))
        #expect(Self.entry(Self.get(&player, "Metadata"), "mpris:trackid") == .objectPath(Player.noTrack))
        #expect(Self.get(&player, "CanPlay") == .boolean(true))
        #expect(Self.get(&player, "CanPause") == .boolean(false))
        #expect(Self.get(&player, "CanGoNext") == .boolean(false))

        _ = player.handle(.status(Self.running()), at: .seconds(100))
        let metadata = Self.get(&player, "Metadata")
        #expect(Self.get(&player, "PlaybackStatus") == .string("Playing"))
        #expect(Self.entry(metadata, "xesam:title") == .string("Warm water"))
        #expect(Self.entry(metadata, "xesam:album") == .string("foot-massage"))
        #expect(Self.entry(metadata, "mpris:length") == .int64(1_800_000_000))
        #expect(Self.entry(metadata, "mpris:trackid") == .objectPath("/org/winddown/Session/Step2"))
        #expect(Self.get(&player, "Volume") == .double(0.2))
        #expect(Self.get(&player, "CanGoNext") == .boolean(true))
        #expect(Self.get(&player, "CanPause") == .boolean(true))
    }

    @Test("Position runs on from the last report while playing, and stands still while paused")
    func position() {
        var player = Self.connected(Self.running(elapsed: 60))
        #expect(Self.get(&player, "Position", at: .seconds(100)) == .int64(60_000_000))
        #expect(Self.get(&player, "Position", at: .milliseconds(102_500)) == .int64(62_500_000))
        _ = player.handle(.status(Self.running(elapsed: 63, state: .paused)), at: .seconds(103))
        #expect(Self.get(&player, "Position", at: .seconds(200)) == .int64(63_000_000))
    }

    @Test("a change is announced once, with only what changed; Position never; the same status twice says nothing")
    func changes() {
        var player = Self.connected(Self.running(step: 2))
        let actions = player.handle(.status(Self.running(step: 3, elapsed: 61)), at: .seconds(101))
        guard case .propertiesChanged(let interface, let changed)? = actions.first else {
            Issue.record("no PropertiesChanged: \(actions)")
            return
        }
        #expect(interface == Player.playerInterface)
        #expect(changed.map(\.name) == ["Metadata"])
        #expect(player.handle(.status(Self.running(step: 3, elapsed: 62)), at: .seconds(102)).isEmpty)
        let paused = player.handle(.status(Self.running(step: 3, elapsed: 62, state: .paused)), at: .seconds(102))
        #expect(paused == [.propertiesChanged(interface: Player.playerInterface, changed: [.init("PlaybackStatus", .string("Paused"))])])
        let lost = player.handle(.daemonLost, at: .seconds(103))
        guard case .propertiesChanged(_, let gone)? = lost.first else {
            Issue.record("losing the daemon announced nothing")
            return
        }
        #expect(gone.contains(.init("PlaybackStatus", .string("Stopped"))) && gone.contains(.init("CanPlay", .boolean(false))))
    }

    @Test("a skip ahead of playing time is a Seeked signal")
    func seeked() {
        var player = Self.connected(Self.running(step: 2, elapsed: 60))
        let actions = player.handle(.status(Self.running(step: 3, elapsed: 180)), at: .seconds(101))
        #expect(actions.contains(.seeked(microseconds: 180_000_000)))
    }

    @Test(
        "methods map to requests by state, and the reply waits for the daemon's answer",
        arguments: [
            ("PlayPause", StatusReport.State.idle, ControlRequest.start(routine: nil, duration: nil)),
            ("PlayPause", .running, .pause), ("PlayPause", .paused, .resume),
            ("Play", .idle, .start(routine: nil, duration: nil)), ("Play", .paused, .resume),
            ("Pause", .running, .pause), ("Pause", .holding, .pause), ("Stop", .running, .stop), ("Stop", .paused, .stop),
            ("Next", .running, .skip),
        ] as [(String, StatusReport.State, ControlRequest)])
    func methods(member: String, state: StatusReport.State, request: ControlRequest) {
        var player = Self.connected(state == .idle ? Self.idle : Self.running(state: state))
        let actions = player.handle(.call(9, interface: Player.playerInterface, member: member, arguments: []), at: .seconds(100))
        #expect(actions == [.send(request)])
        #expect(player.handle(.answer(request, .success([:])), at: .seconds(100)) == [.reply(9, [])])
    }

    @Test("what has no effect in a state is answered at once and sends nothing", arguments: [
        ("Pause", StatusReport.State.idle), ("Stop", .idle), ("Next", .idle), ("Play", .running), ("Previous", .running),
    ] as [(String, StatusReport.State)])
    func noEffect(member: String, state: StatusReport.State) {
        var player = Self.connected(state == .idle ? Self.idle : Self.running(state: state))
        #expect(player.handle(.call(3, interface: Player.playerInterface, member: member, arguments: []), at: .zero) == [.reply(3, [])])
    }

    @Test("a refusal reaches the caller as a D-Bus error with the daemon's words")
    func refusal() {
        var player = Self.connected(Self.running())
        _ = player.handle(.call(4, interface: Player.playerInterface, member: "Pause", arguments: []), at: .zero)
        let actions = player.handle(.answer(.pause, .failure("no session is playing")), at: .zero)
        #expect(actions == [.fail(4, DBusErrorReply(Player.errorPrefix + "Refused", "winddownd: no session is playing"))])
    }

    @Test("without the daemon a method fails naming its socket")
    func unreachable() {
        var player = Player(settings: Self.settings)
        let actions = player.handle(.call(5, interface: Player.playerInterface, member: "PlayPause", arguments: []), at: .zero)
        guard case .fail(5, let error)? = actions.first else {
            Issue.record("\(actions)")
            return
        }
        #expect(error.name == Player.errorPrefix + "NotReachable" && error.message.contains("/run/winddown/control.sock"))
    }

    static func setVolume(_ value: DBusValue) -> MPRISPlayer.Event {
        .call(6, interface: Player.propertiesInterface, member: "Set", arguments: [.string(Player.playerInterface), .string("Volume"), .variant(value)])
    }

    @Test("Volume: kept under audio.max_volume, negative is silence, NaN and the wrong type are errors", arguments: [
        (0.3, 30), (1e9, 50), (-1, 0), (0.504, 50), (0.2049, 20), (Double.infinity, 50), (-Double.infinity, 0),
    ] as [(Double, Int)])
    func volume(value: Double, percent: Int) {
        var player = Self.connected(Self.running())
        #expect(player.handle(Self.setVolume(.double(value)), at: .zero) == [.send(.volume(.set(percent)))])
    }

    @Test("Volume set to NaN or a string is InvalidArgs, and nothing is sent")
    func badVolume() {
        var player = Self.connected(Self.running())
        for value in [DBusValue.double(.nan), .string("loud"), .int32(1)] {
            let actions = player.handle(Self.setVolume(value), at: .zero)
            guard case .fail(6, let error)? = actions.first, actions.count == 1 else {
                Issue.record("\(value): \(actions)")
                continue
            }
            #expect(error.name == "org.freedesktop.DBus.Error.InvalidArgs")
        }
    }

    @Test("wrong argument types, unknown methods, interfaces and properties, read-only writes: the standard errors", arguments: [
        (Player.playerInterface, "Seek", [DBusValue.string("5")], "org.freedesktop.DBus.Error.InvalidArgs"),
        (Player.playerInterface, "SetPosition", [.int64(5)], "org.freedesktop.DBus.Error.InvalidArgs"),
        (Player.playerInterface, "Pause", [.int32(1)], "org.freedesktop.DBus.Error.InvalidArgs"),
        (Player.playerInterface, "Dance", [], "org.freedesktop.DBus.Error.UnknownMethod"),
        ("org.example.Nothing", "Pause", [], "org.freedesktop.DBus.Error.UnknownInterface"),
        (Player.playerInterface, "OpenUri", [.string("file:///x.ogg")], "org.freedesktop.DBus.Error.NotSupported"),
        (Player.propertiesInterface, "Get", [.string(Player.playerInterface), .string("Shuffle")], "org.freedesktop.DBus.Error.UnknownProperty"),
        (Player.propertiesInterface, "GetAll", [.string("org.example.Nothing")], "org.freedesktop.DBus.Error.UnknownInterface"),
        (Player.propertiesInterface, "Set", [.string(Player.playerInterface), .string("PlaybackStatus"), .variant(.string("Playing"))], "org.freedesktop.DBus.Error.PropertyReadOnly"),
        (Player.propertiesInterface, "Set", [.string(Player.rootInterface), .string("Identity"), .variant(.string("x"))], "org.freedesktop.DBus.Error.PropertyReadOnly"),
        (Player.propertiesInterface, "Get", [.string(Player.playerInterface)], "org.freedesktop.DBus.Error.InvalidArgs"),
    ] as [(String, String, [DBusValue], String)])
    func errors(interface: String, member: String, arguments: [DBusValue], name: String) {
        var player = Self.connected(Self.running())
        let actions = player.handle(.call(8, interface: interface, member: member, arguments: arguments), at: .zero)
        guard case .fail(8, let error)? = actions.first, actions.count == 1 else {
            Issue.record("\(member): \(actions)")
            return
        }
        #expect(error.name == name, "\(error)")
    }

    @Test("SetPosition with an unknown track id and Seek are ignored (CanSeek is false), as the specification says")
    func staleTrack() {
        var player = Self.connected(Self.running())
        let set = player.handle(.call(2, interface: Player.playerInterface, member: "SetPosition", arguments: [.objectPath("/no/such/track"), .int64(5)]), at: .zero)
        #expect(set == [.reply(2, [])])
        #expect(player.handle(.call(3, interface: Player.playerInterface, member: "Seek", arguments: [.int64(-5_000_000)]), at: .zero) == [.reply(3, [])])
    }

    @Test("GetAll of the root interface names the player and what it cannot do")
    func root() {
        var player = Self.connected(Self.idle)
        let actions = player.handle(.call(1, interface: Player.propertiesInterface, member: "GetAll", arguments: [.string(Player.rootInterface)]), at: .zero)
        guard case .reply(1, let values)? = actions.first else {
            Issue.record("\(actions)")
            return
        }
        #expect(Self.entry(values.first, "Identity") == .string("winddown"))
        #expect(Self.entry(values.first, "CanQuit") == .boolean(false))
        #expect(Self.entry(values.first, "SupportedUriSchemes") == .array(element: "s", []))
    }

    @Test("a flood of calls is turned away once sixteen wait for the daemon, and the next is taken once one is answered")
    func flood() {
        var player = Self.connected(Self.running())
        for id in 1...UInt64(Player.maximumWaiting) {
            #expect(player.handle(Self.setVolume(.double(0.3)).with(id: id), at: .zero) == [.send(.volume(.set(30)))])
        }
        let turned = player.handle(Self.setVolume(.double(0.3)).with(id: 99), at: .zero)
        guard case .fail(99, let error)? = turned.first else {
            Issue.record("\(turned)")
            return
        }
        #expect(error.name == Player.errorPrefix + "Busy")
        #expect(player.handle(.answer(.volume(.set(30)), .success([:])), at: .zero) == [.reply(1, [])])
        #expect(player.handle(Self.setVolume(.double(0.4)).with(id: 100), at: .zero) == [.send(.volume(.set(40)))])
    }

    @Test("a call without an interface finds the method, and Get with an empty interface finds the property")
    func noInterface() {
        var player = Self.connected(Self.running())
        #expect(player.handle(.call(1, interface: "", member: "Pause", arguments: []), at: .zero) == [.send(.pause)])
        let get = player.handle(.call(2, interface: Player.propertiesInterface, member: "Get", arguments: [.string(""), .string("Identity")]), at: .zero)
        #expect(get == [.reply(2, [.variant(.string("winddown"))])])
        #expect(Player.expectedSignature(interface: "", member: "SetPosition") == "ox")
        #expect(Player.expectedSignature(interface: Player.playerInterface, member: "Dance") == nil)
        let unknown = player.handle(.call(3, interface: "", member: "Dance", arguments: []), at: .zero)
        #expect(unknown == [.fail(3, DBusErrorReply("org.freedesktop.DBus.Error.UnknownMethod", "\(Player.objectPath) has no method Dance"))])
    }

    @Test("absurd times from the daemon stay in range")
    func absurdTimes() {
        var player = Self.connected(Self.running(elapsed: Int.max, remaining: Int.max))
        #expect(Self.get(&player, "Position", at: .seconds(1_000_000)) != nil)
        var negative = Self.connected(Self.running(step: -3, elapsed: -5, remaining: -7))
        #expect(Self.entry(Self.get(&negative, "Metadata"), "mpris:trackid") == .objectPath("/org/winddown/Session/Step0"))
    }
}

extension MPRISPlayer.Event {
    /// The same call under another id.
    func with(id: MPRISPlayer.CallID) -> MPRISPlayer.Event {
        guard case .call(_, let interface, let member, let arguments) = self else { return self }
        return .call(id, interface: interface, member: member, arguments: arguments)
    }
}
