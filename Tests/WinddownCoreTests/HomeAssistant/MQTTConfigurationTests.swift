import Foundation
import Testing
import WinddownCore

@Suite("[mqtt] in the configuration")
struct MQTTConfigurationTests {
    @Test("every key is read into its place, and the password file is taken relative to the configuration")
    func everyKey() throws {
        let text = """
            [mqtt]
            broker = "mqtts://broker.lan:8884"
            username = "winddown"
            password_file = "mqtt-password"
            discovery_prefix = "ha/discovery"
            node_id = "bedroom_pi"
            """
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeFile(text, to: folder.appendingPathComponent("winddown.toml"))
        let mqtt = try Configuration.load(path: folder.appendingPathComponent("winddown.toml").path).mqtt
        #expect(mqtt.broker == MQTTBroker(host: "broker.lan", port: 8884, usesTLS: true))
        #expect(mqtt.username == "winddown")
        #expect(mqtt.passwordFile == folder.appendingPathComponent("mqtt-password").path)
        #expect(mqtt.discoveryPrefix.description == "ha/discovery")
        #expect(mqtt.nodeID?.description == "bedroom_pi")
        #expect(Configuration.defaults.mqtt == Configuration.MQTT())
        #expect(Configuration.defaults.mqtt.discoveryPrefix.description == "homeassistant")
    }

    @Test("broker addresses and their default ports", arguments: [
        ("mqtt://homeassistant.local", "homeassistant.local", 1883, false),
        ("mqtt://10.0.0.2:1884", "10.0.0.2", 1884, false),
        ("mqtts://broker.example.org", "broker.example.org", 8883, true),
        ("mqtt://[::1]:1883", "::1", 1883, false),
        ("mqtt://[fe80::1]", "fe80::1", 1883, false),
        ("mqtt://broker/", "broker", 1883, false),
    ])
    func brokers(text: String, host: String, port: Int, tls: Bool) throws {
        #expect(try MQTTBroker(parsing: text) == MQTTBroker(host: host, port: port, usesTLS: tls))
    }

    @Test("a bad [mqtt] section gets key-and-line errors like the rest", arguments: [
        ("broker = \"tcp://x\"", "mqtt.broker", "is not mqtt://HOST[:PORT]"),
        ("broker = \"mqtt://\"", "mqtt.broker", "names no host"),
        ("broker = \"mqtt://host:0\"", "mqtt.broker", "port must be a number from 1 to 65535"),
        ("broker = \"mqtt://host:99999\"", "mqtt.broker", "port must be a number from 1 to 65535"),
        ("broker = \"mqtt://user:pw@host\"", "mqtt.broker", "port must be"),
        ("broker = \"mqtt://host/path\"", "mqtt.broker", "is not a host name"),
        ("broker = \"mqtt://[::1\"", "mqtt.broker", "closing"),
        ("broker = 1883", "mqtt.broker", "expected a string"),
        ("node_id = \"Bedroom Pi\"", "mqtt.node_id", "a-z, 0-9 and _"),
        ("node_id = \"\"", "mqtt.node_id", "a-z, 0-9 and _"),
        ("node_id = \"bed__room\"", "mqtt.node_id", "twice in a row"),
        ("node_id = \"_bed\"", "mqtt.node_id", "either end"),
        ("discovery_prefix = \"home/#\"", "mqtt.discovery_prefix", "wildcard"),
        ("discovery_prefix = \"/ha\"", "mqtt.discovery_prefix", "leading"),
        ("discovery_prefix = \"\"", "mqtt.discovery_prefix", "1 to 256 bytes"),
        ("username = \" \"", "mqtt.username", "is empty"),
        ("password_file = \"/etc/pw\"", "mqtt.password_file", "without mqtt.username"),
        ("pasword_file = \"/etc/pw\"", "mqtt.pasword_file", "did you mean"),
    ])
    func badSection(line: String, key: String, message: String) {
        let found = problems(in: "[audio]\nvolume = 20\n[mqtt]\n\(line)\n")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.key == key, "\(found)")
        #expect(found.first?.line == 4, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("a huge broker value is named by its start only")
    func hugeValue() {
        let found = problems(in: "[mqtt]\nbroker = \"\(String(repeating: "x", count: 1 << 20))\"\n")
        #expect(found.count == 1)
        #expect((found.first?.message.count ?? .max) < 200, "\(found)")
    }

    @Test("a node id made from a host name keeps to a-z, 0-9 and _")
    func nodeIDFromHostName() throws {
        #expect(MQTTNodeID(hostName: "Bedroom-Pi.local").description == "bedroom_pi_local")
        #expect(MQTTNodeID(hostName: "my--pi_").description == "my_pi")
        #expect(MQTTNodeID(hostName: "-pi").description == "pi")
        #expect(MQTTNodeID(hostName: "").description == "winddown")
        #expect(MQTTNodeID(hostName: "äöü").description == "winddown")
        #expect(MQTTNodeID(hostName: String(repeating: "ab", count: 300)).description.count == MQTTNodeID.maximumLength)
        for made in ["Bedroom-Pi.local", "my--pi_", String(repeating: "a-", count: 100)] {
            #expect(throws: Never.self) { try MQTTNodeID(parsing: MQTTNodeID(hostName: made).description) }
        }
        #expect(throws: InvalidValue.self) { try MQTTNodeID(parsing: "ümlaut") }
    }
}
