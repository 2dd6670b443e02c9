/// What `winddown-mpris` decides (pure, on the time it is handed): the
/// daemon's status as the MPRIS properties the desktop reads, and the
/// desktop's method calls and property writes as control requests.
/// Events in, actions out; the bridge's loop owns the bus and the socket.
///
/// A call that becomes a request is answered when the daemon answers it, so
/// a refusal reaches the caller as a D-Bus error with the daemon's words.
public struct MPRISPlayer: Sendable {
    public static let busName = "org.mpris.MediaPlayer2.winddown"
    public static let objectPath = "/org/mpris/MediaPlayer2"
    public static let rootInterface = "org.mpris.MediaPlayer2"
    public static let playerInterface = "org.mpris.MediaPlayer2.Player"
    public static let propertiesInterface = "org.freedesktop.DBus.Properties"
    public static let introspectableInterface = "org.freedesktop.DBus.Introspectable"
    /// The track id MPRIS reserves for "nothing playing".
    public static let noTrack = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
    /// The errors of this player's own, beside the standard ones.
    public static let errorPrefix = "org.mpris.MediaPlayer2.winddown.Error."

    /// An incoming call, told apart by the loop (which keeps the message).
    public typealias CallID = UInt64

    public struct Settings: Sendable {
        /// `audio.max_volume`: no Volume written goes above it.
        public var maximumVolume: Int
        /// Where the daemon is, for the messages.
        public var socketPath: String

        public init(maximumVolume: Int, socketPath: String) {
            self.maximumVolume = maximumVolume
            self.socketPath = socketPath
        }
    }

    public enum Event: Sendable {
        case daemonConnected(StatusReport)
        case status(StatusReport)
        case daemonLost
        /// A method call on the player's object (any interface, the properties' included).
        case call(CallID, interface: String, member: String, arguments: [DBusValue])
        case answer(ControlRequest, ControlResponse)
    }

    public enum Action: Equatable, Sendable {
        case send(ControlRequest)
        case reply(CallID, [DBusValue])
        case fail(CallID, DBusErrorReply)
        /// `org.freedesktop.DBus.Properties.PropertiesChanged` for `interface`.
        case propertiesChanged(interface: String, changed: [DBusProperty])
        /// `Seeked`: the position moved other than by playing (a skip).
        case seeked(microseconds: Int64)
    }

    /// One property and its value.
    public struct DBusProperty: Equatable, Sendable {
        public var name: String
        public var value: DBusValue

        public init(_ name: String, _ value: DBusValue) {
            self.name = name
            self.value = value
        }
    }

    private let settings: Settings
    private var report: StatusReport?
    /// When `report` came, to run its elapsed time on while playing.
    private var reportTime: Duration = .zero
    /// Calls waiting for the daemon's answer, oldest first.
    private var waiting: [(request: ControlRequest, call: CallID)] = []
    /// The player's properties as last announced (Position is never announced: it changes all the time).
    private var announced: [DBusProperty]
    /// The session's length in seconds, as announced: elapsed and remaining
    /// are whole seconds rounded apart, so only a real change (an extend) moves it.
    private var length: Int?

    public init(settings: Settings) {
        self.settings = settings
        announced = []
        announced = playerProperties(at: .zero).filter { $0.name != "Position" }
    }

    public mutating func handle(_ event: Event, at now: Duration) -> [Action] {
        switch event {
        case .daemonConnected(let report), .status(let report):
            let predicted = position(at: now)
            let wasSession = self.report.map { $0.state != .idle } ?? false
            self.report = report
            reportTime = now
            keepLength(of: report)
            var actions = announceChanges(at: now)
            // A skip moves the session's clock ahead of where playing would have put it.
            if wasSession, report.state != .idle, abs(position(at: now) - predicted) > 2_000_000 {
                actions.append(.seeked(microseconds: position(at: now)))
            }
            return actions
        case .daemonLost:
            report = nil
            length = nil
            return announceChanges(at: now)
        case .answer(let request, let response):
            guard let index = waiting.firstIndex(where: { $0.request == request }) else { return [] }
            let call = waiting.remove(at: index).call
            switch response {
            case .success: return [.reply(call, [])]
            case .failure(let message): return [.fail(call, DBusErrorReply(Self.errorPrefix + "Refused", "winddownd: \(message)"))]
            }
        case .call(let id, let interface, let member, let arguments):
            switch answer(interface: interface, member: member, arguments: arguments, at: now) {
            case .failure(let error): return [.fail(id, error)]
            case .success(.values(let values)): return [.reply(id, values)]
            case .success(.request(let request)):
                // A flood of calls (a held key, a hostile client) is turned away here
                // rather than piled on the daemon, whose link must outlast it.
                guard waiting.count < Self.maximumWaiting else {
                    return [.fail(id, DBusErrorReply(Self.errorPrefix + "Busy", "winddownd has \(waiting.count) requests still to answer; try again"))]
                }
                waiting.append((request, id))
                return [.send(request)]
            }
        }
    }

    // MARK: Calls

    private enum Outcome {
        case values([DBusValue])
        case request(ControlRequest)
    }

    /// Calls waiting for the daemon at most; more are answered "busy".
    public static let maximumWaiting = 16

    /// The argument signature `member` of `interface` takes, nil for a method
    /// this object does not have: the loop checks it before reading a body.
    public static func expectedSignature(interface: String, member: String) -> String? {
        methodSignatures[resolvedInterface(interface, member: member)]?[member]
    }

    /// A call may leave the interface out (the D-Bus specification allows
    /// it): the one of ours that has the method, the player's first.
    static func resolvedInterface(_ interface: String, member: String) -> String {
        guard interface.isEmpty else { return interface }
        return [playerInterface, rootInterface, propertiesInterface, introspectableInterface]
            .first { methodSignatures[$0]?[member] != nil } ?? interface
    }

    private static let methodSignatures: [String: [String: String]] = [
        rootInterface: ["Raise": "", "Quit": ""],
        playerInterface: [
            "Next": "", "Previous": "", "Pause": "", "PlayPause": "", "Stop": "", "Play": "",
            "Seek": "x", "SetPosition": "ox", "OpenUri": "s",
        ],
        propertiesInterface: ["Get": "ss", "GetAll": "s", "Set": "ssv"],
        introspectableInterface: ["Introspect": ""],
    ]

    private func answer(interface given: String, member: String, arguments: [DBusValue], at now: Duration) -> Result<Outcome, DBusErrorReply> {
        let interface = Self.resolvedInterface(given, member: member)
        if interface.isEmpty {
            return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownMethod", "\(Self.objectPath) has no method \(member)"))
        }
        guard let methods = Self.methodSignatures[interface] else {
            return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownInterface", "\(Self.objectPath) has no interface \(interface)"))
        }
        guard let expected = methods[member] else {
            return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownMethod", "\(interface) has no method \(member)"))
        }
        let given = arguments.map(\.signature).joined()
        guard given == expected else {
            return .failure(.invalidArguments("\(interface).\(member) takes (\(expected)), not (\(given))"))
        }
        switch (interface, member) {
        case (Self.introspectableInterface, _): return .success(.values([.string(Self.introspection)]))
        case (Self.propertiesInterface, "Get"):
            return property(interface: arguments[0].stringValue ?? "", name: arguments[1].stringValue ?? "", at: now)
                .map { .values([.variant($0)]) }
        case (Self.propertiesInterface, "GetAll"):
            return properties(of: arguments[0].stringValue ?? "", at: now)
                .map { .values([.dictionary($0.map { ($0.name, $0.value) })]) }
        case (Self.propertiesInterface, _):
            return set(interface: arguments[0].stringValue ?? "", name: arguments[1].stringValue ?? "", to: arguments[2].unwrapped)
        case (Self.rootInterface, _):
            // CanRaise and CanQuit are false: no window to raise, and the daemon is not the bridge's to quit.
            return .success(.values([]))
        default: return playerMethod(member, arguments)
        }
    }

    private func playerMethod(_ member: String, _ arguments: [DBusValue]) -> Result<Outcome, DBusErrorReply> {
        guard let report else {
            return .failure(DBusErrorReply(Self.errorPrefix + "NotReachable", "winddownd is not reachable at \(settings.socketPath)"))
        }
        let nothing = Result<Outcome, DBusErrorReply>.success(.values([]))
        switch member {
        case "PlayPause":
            switch report.state {
            case .idle: return .success(.request(.start(routine: nil, duration: nil)))
            case .running, .holding: return .success(.request(.pause))
            case .paused: return .success(.request(.resume))
            case .stopping: return nothing
            }
        case "Play":
            switch report.state {
            case .idle: return .success(.request(.start(routine: nil, duration: nil)))
            case .paused: return .success(.request(.resume))
            case .running, .holding, .stopping: return nothing
            }
        case "Pause": return report.state == .running || report.state == .holding ? .success(.request(.pause)) : nothing
        case "Stop": return report.state == .idle || report.state == .stopping ? nothing : .success(.request(.stop))
        case "Next": return canGoNext ? .success(.request(.skip)) : nothing
        case "OpenUri":
            return .failure(DBusErrorReply("org.freedesktop.DBus.Error.NotSupported", "winddown opens no URIs (SupportedUriSchemes is empty)"))
        // Previous, Seek and SetPosition: CanGoPrevious and CanSeek are false, so, as the
        // specification says, they do nothing (a stale or unknown track id included).
        default: return nothing
        }
    }

    private func set(interface given: String, name: String, to value: DBusValue) -> Result<Outcome, DBusErrorReply> {
        let interface = given.isEmpty
            ? ((Self.propertyNames[Self.playerInterface] ?? []).contains(name) ? Self.playerInterface : Self.rootInterface) : given
        switch (interface, name) {
        case (Self.playerInterface, "Volume"):
            guard case .double(let level) = value else {
                return .failure(.invalidArguments("Volume is a double (d), not \(value.signature)"))
            }
            guard !level.isNaN else { return .failure(.invalidArguments("Volume is not a number (NaN)")) }
            guard report != nil else {
                return .failure(DBusErrorReply(Self.errorPrefix + "NotReachable", "winddownd is not reachable at \(settings.socketPath)"))
            }
            // Negative is silence (the specification); above the ceiling is the ceiling.
            let ceiling = min(max(settings.maximumVolume, 0), 100)
            let percent = level <= 0 ? 0 : level >= Double(ceiling) / 100 ? ceiling : Int((level * 100).rounded())
            return .success(.request(.volume(.set(percent))))
        case (Self.playerInterface, "Rate"):
            guard case .double(let rate) = value, !rate.isNaN else { return .failure(.invalidArguments("Rate is a double (d)")) }
            // Only 1.0 plays; 0.0 means pause (the specification); others are outside the range and ignored.
            if rate == 0, let report, report.state == .running || report.state == .holding { return .success(.request(.pause)) }
            return .success(.values([]))
        default:
            guard let names = Self.propertyNames[interface] else {
                return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownInterface", "no interface \(interface)"))
            }
            guard names.contains(name) else {
                return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownProperty", "\(interface) has no property \(name)"))
            }
            return .failure(DBusErrorReply("org.freedesktop.DBus.Error.PropertyReadOnly", "\(interface).\(name) is read-only"))
        }
    }

    // MARK: Properties

    private static let propertyNames: [String: [String]] = [
        rootInterface: ["CanQuit", "CanRaise", "HasTrackList", "Identity", "SupportedUriSchemes", "SupportedMimeTypes"],
        playerInterface: [
            "PlaybackStatus", "Rate", "Metadata", "Volume", "Position", "MinimumRate", "MaximumRate",
            "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek", "CanControl",
        ],
    ]

    private func properties(of interface: String, at now: Duration) -> Result<[DBusProperty], DBusErrorReply> {
        switch interface {
        // An empty name asks for every interface's (the D-Bus specification).
        case "":
            return properties(of: Self.rootInterface, at: now).flatMap { root in
                properties(of: Self.playerInterface, at: now).map { root + $0 }
            }
        case Self.rootInterface:
            return .success([
                DBusProperty("CanQuit", .boolean(false)), DBusProperty("CanRaise", .boolean(false)),
                DBusProperty("HasTrackList", .boolean(false)), DBusProperty("Identity", .string("winddown")),
                DBusProperty("SupportedUriSchemes", .array(element: "s", [])),
                DBusProperty("SupportedMimeTypes", .array(element: "s", [])),
            ])
        case Self.playerInterface: return .success(playerProperties(at: now))
        default: return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownInterface", "no interface \(interface)"))
        }
    }

    private func property(interface: String, name: String, at now: Duration) -> Result<DBusValue, DBusErrorReply> {
        properties(of: interface, at: now).flatMap { all in
            guard let found = all.first(where: { $0.name == name }) else {
                return .failure(DBusErrorReply("org.freedesktop.DBus.Error.UnknownProperty", "\(interface) has no property \(name)"))
            }
            return .success(found.value)
        }
    }

    private var isSession: Bool { report.map { $0.state != .idle } ?? false }
    private var canGoNext: Bool {
        guard let report, report.step != nil else { return false }
        return report.state == .running || report.state == .holding || report.state == .paused
    }

    private func playerProperties(at now: Duration) -> [DBusProperty] {
        let status: String
        switch report?.state {
        case .running, .holding, .stopping: status = "Playing"
        case .paused: status = "Paused"
        case .idle, nil: status = "Stopped"
        }
        let state = report?.state
        return [
            DBusProperty("PlaybackStatus", .string(status)),
            DBusProperty("Rate", .double(1)),
            DBusProperty("Metadata", metadata),
            DBusProperty("Volume", .double(Double(report?.volume ?? 0) / 100)),
            DBusProperty("Position", .int64(position(at: now))),
            DBusProperty("MinimumRate", .double(1)),
            DBusProperty("MaximumRate", .double(1)),
            DBusProperty("CanGoNext", .boolean(canGoNext)),
            DBusProperty("CanGoPrevious", .boolean(false)),
            // As the specification asks, neither depends on whether it is playing
            // or paused at the moment: Play starts a session when none runs.
            DBusProperty("CanPlay", .boolean(state != nil)),
            DBusProperty("CanPause", .boolean(state == .running || state == .holding || state == .paused)),
            DBusProperty("CanSeek", .boolean(false)),
            DBusProperty("CanControl", .boolean(true)),
        ]
    }

    /// The step as the track: its title, the routine as the album, the whole session's length.
    private var metadata: DBusValue {
        guard let report, isSession else { return .dictionary([("mpris:trackid", .objectPath(Self.noTrack))]) }
        var entries: [(String, DBusValue)] = []
        if let step = report.step {
            entries.append(("mpris:trackid", .objectPath("/org/winddown/Session/Step\(max(0, step.index))")))
            entries.append(("xesam:title", .string(step.title)))
            entries.append(("xesam:trackNumber", .int32(Int32(clamping: step.index))))
        } else {
            entries.append(("mpris:trackid", .objectPath("/org/winddown/Session/SleepSounds")))
            entries.append(("xesam:title", .string("Sleep sounds, fading to silence")))
        }
        if let routine = report.routine { entries.append(("xesam:album", .string(routine))) }
        entries.append(("xesam:artist", .array(element: "s", [.string("winddown")])))
        if let length { entries.append(("mpris:length", .int64(Self.microseconds(length)))) }
        return .dictionary(entries)
    }

    /// Microseconds into the session: the last report's, run on while it plays.
    private func position(at now: Duration) -> Int64 {
        guard let report, isSession, let elapsed = report.elapsedSeconds else { return 0 }
        var micros = Self.microseconds(elapsed)
        if report.state == .running || report.state == .holding || report.state == .stopping {
            let since = now - reportTime
            micros += since.components.seconds * 1_000_000 + since.components.attoseconds / 1_000_000_000_000
        }
        if let length { micros = min(micros, Self.microseconds(length)) }
        return micros
    }

    /// Whole seconds from the daemon as microseconds, kept in range whatever it sends.
    static func microseconds(_ seconds: Int) -> Int64 {
        Int64(min(max(seconds, 0), 1 << 40)) * 1_000_000
    }

    private mutating func keepLength(of report: StatusReport) {
        guard report.state != .idle, let elapsed = report.elapsedSeconds, let remaining = report.remainingSeconds else {
            length = nil
            return
        }
        let total = min(max(0, elapsed), 1 << 40) + min(max(0, remaining), 1 << 40)
        if let length, abs(length - total) <= 2 { return }
        length = total
    }

    private mutating func announceChanges(at now: Duration) -> [Action] {
        let current = playerProperties(at: now).filter { $0.name != "Position" }
        let changed = zip(current, announced).filter { $0.0 != $0.1 }.map(\.0)
        announced = current
        return changed.isEmpty ? [] : [.propertiesChanged(interface: Self.playerInterface, changed: changed)]
    }

    /// What `Introspect` says: the two MPRIS interfaces as the specification defines them.
    static let introspection = """
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
        <node>
          <interface name="org.freedesktop.DBus.Introspectable">
            <method name="Introspect"><arg name="xml_data" type="s" direction="out"/></method>
          </interface>
          <interface name="org.freedesktop.DBus.Properties">
            <method name="Get"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
            <method name="GetAll"><arg name="interface_name" type="s" direction="in"/><arg name="properties" type="a{sv}" direction="out"/></method>
            <method name="Set"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
            <signal name="PropertiesChanged"><arg name="interface_name" type="s"/><arg name="changed_properties" type="a{sv}"/><arg name="invalidated_properties" type="as"/></signal>
          </interface>
          <interface name="org.mpris.MediaPlayer2">
            <method name="Raise"/>
            <method name="Quit"/>
            <property name="CanQuit" type="b" access="read"/>
            <property name="CanRaise" type="b" access="read"/>
            <property name="HasTrackList" type="b" access="read"/>
            <property name="Identity" type="s" access="read"/>
            <property name="SupportedUriSchemes" type="as" access="read"/>
            <property name="SupportedMimeTypes" type="as" access="read"/>
          </interface>
          <interface name="org.mpris.MediaPlayer2.Player">
            <method name="Next"/>
            <method name="Previous"/>
            <method name="Pause"/>
            <method name="PlayPause"/>
            <method name="Stop"/>
            <method name="Play"/>
            <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
            <method name="SetPosition"><arg name="TrackId" type="o" direction="in"/><arg name="Position" type="x" direction="in"/></method>
            <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
            <signal name="Seeked"><arg name="Position" type="x"/></signal>
            <property name="PlaybackStatus" type="s" access="read"/>
            <property name="Rate" type="d" access="readwrite"/>
            <property name="Metadata" type="a{sv}" access="read"/>
            <property name="Volume" type="d" access="readwrite"/>
            <property name="Position" type="x" access="read">
              <annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="false"/>
            </property>
            <property name="MinimumRate" type="d" access="read"/>
            <property name="MaximumRate" type="d" access="read"/>
            <property name="CanGoNext" type="b" access="read"/>
            <property name="CanGoPrevious" type="b" access="read"/>
            <property name="CanPlay" type="b" access="read"/>
            <property name="CanPause" type="b" access="read"/>
            <property name="CanSeek" type="b" access="read"/>
            <property name="CanControl" type="b" access="read"/>
          </interface>
        </node>
        """
}
