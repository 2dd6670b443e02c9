#if canImport(Glibc)
    import Glibc
#endif
import ControlLink
import Mosquitto
import WinddownCore

/// What the bridge needs from the configuration file, checked before anything connects.
struct BridgeSettings {
    let broker: MQTTBroker
    let login: (username: String, password: String?)?
    let bridge: HomeAssistantBridge.Settings
    let socketPath: String
    /// Seconds between keep-alive pings: the only traffic on a quiet night.
    let keepAlive = 60

    init(configuration: Configuration, file: String, socketPath: String) throws(BridgeStartError) {
        let mqtt = configuration.mqtt
        guard let broker = mqtt.broker else {
            throw BridgeStartError(
                "\(file): mqtt.broker is not set; add for instance\n  [mqtt]\n  broker = \"mqtt://homeassistant.local\"\nto let winddown-mqtt connect")
        }
        self.broker = broker
        if let username = mqtt.username {
            login = (username, try mqtt.passwordFile.map(Self.password(from:)))
        } else {
            login = nil
        }
        let nodeID = mqtt.nodeID ?? MQTTNodeID(hostName: ClientProcess.hostName(fallback: "winddown"))
        let routines = RoutineLibrary.standard().availableNames()
        bridge = HomeAssistantBridge.Settings(
            topics: BridgeTopics(nodeID: nodeID, discoveryPrefix: mqtt.discoveryPrefix),
            maximumVolume: configuration.audio.maxVolume, routines: routines,
            defaultRoutine: configuration.session.routine.description)
        self.socketPath = socketPath
    }

    /// The first line of the file; the password never sits in the configuration itself.
    static func password(from path: String) throws(BridgeStartError) -> String {
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path, limit: 4096) } catch {
            throw BridgeStartError("mqtt.password_file: \(path): \(error == .folder ? "is a folder" : error.message)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BridgeStartError("mqtt.password_file: \(path) is not UTF-8 text")
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else { throw BridgeStartError("mqtt.password_file: \(path) is empty") }
        return password
    }
}
