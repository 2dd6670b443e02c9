import Testing
import WinddownCore

@Suite("snapcast configuration")
struct SnapcastConfigurationTests {
    @Test("the keys are read into their places")
    func keysAreRead() throws {
        let configuration = try Configuration.parse(
            """
            [snapcast]
            server = "snapserver.lan"
            stream_port = 4960
            control_port = 1780
            local = true
            rooms = [{ client = "bedroom", volume = 30 }, { client = "00:11:22:33:44:55", volume = 0 }]
            """, file: "test.toml")
        let snapcast = configuration.snapcast
        #expect(snapcast.server?.name == "snapserver.lan")
        #expect(snapcast.streamPort == 4960)
        #expect(snapcast.controlPort == 1780)
        #expect(snapcast.local)
        #expect(snapcast.playsLocally)
        #expect(snapcast.rooms?.map(\.client.text) == ["bedroom", "00:11:22:33:44:55"])
        #expect(snapcast.rooms?.map(\.volume) == [30, 0])
    }

    @Test("rooms also read as an array of tables")
    func arrayOfTables() throws {
        let configuration = try Configuration.parse(
            """
            [snapcast]
            server = "::1"

            [[snapcast.rooms]]
            client = "kids"
            volume = 20
            """, file: "test.toml")
        #expect(configuration.snapcast.rooms == [SnapcastRoom(client: try SnapcastClientName(parsing: "kids"), volume: 20)])
        #expect(!configuration.snapcast.playsLocally)
    }

    @Test("unset, sessions play on the local device only")
    func defaults() throws {
        let snapcast = try Configuration.parse("", file: "test.toml").snapcast
        #expect(snapcast.server == nil && snapcast.rooms == nil && snapcast.playsLocally)
        #expect(snapcast.streamPort == 4953 && snapcast.controlPort == 1705)
    }

    @Test("bad values are named", arguments: [
        ("server = \"tcp://host:4953\"", "snapcast.server"),
        ("server = \"\"", "snapcast.server"),
        ("stream_port = 0", "snapcast.stream_port"),
        ("control_port = 70000", "snapcast.control_port"),
        ("server = \"h\"\nstream_port = 1705", "snapcast.stream_port"),
        ("rooms = [{ client = \"a\", volume = 101 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\" }]", "snapcast.rooms"),
        ("rooms = [{ volume = 5 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\", volume = 5, colour = \"red\" }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\", volume = 5 }, { client = \"a\", volume = 6 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"  \", volume = 5 }]", "snapcast.rooms"),
        ("rooms = \"bedroom\"", "snapcast.rooms"),
        ("local = \"yes\"", "snapcast.local"),
        ("stream_port = -4953", "snapcast.stream_port"),
        ("control_port = 9223372036854775807", "snapcast.control_port"),
        ("control_port = 1705.5", "snapcast.control_port"),
        ("stream_port = nan", "snapcast.stream_port"),
        ("server = 42", "snapcast.server"),
        ("server = \"" + String(repeating: "a", count: 1 << 20) + "\"", "snapcast.server"),
        ("server = \"host\\u0000name\"", "snapcast.server"),
        ("rooms = [{ client = \"" + String(repeating: "b", count: 1 << 20) + "\", volume = 5 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\", volume = -1 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\", volume = inf }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\", volume = 1e300 }]", "snapcast.rooms"),
        ("rooms = [{ client = \"a\\u0007\", volume = 5 }]", "snapcast.rooms"),
        ("rooms = [[{ client = \"a\", volume = 5 }]]", "snapcast.rooms"),
        ("rooms = [42]", "snapcast.rooms"),
    ])
    func badValues(text: String, key: String) {
        let found = problems(in: "[snapcast]\n" + text)
        #expect(found.contains { $0.key == key }, "\(found)")
    }
}
