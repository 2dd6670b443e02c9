import Testing
import WinddownCore

extension ControlTests {
    @Suite("Control socket path")
    struct ControlSocketPathTests {
        private let userSocket = "/run/user/1000/winddown/control.sock"

        @Test("--socket, then WINDDOWN_SOCKET, then the default")
        func precedence() {
            let environment = ["WINDDOWN_SOCKET": "/tmp/env.sock", "XDG_RUNTIME_DIR": "/run/user/1000"]
            #expect(ControlSocketPath.forClient(flag: "/tmp/flag.sock", environment: environment, isRoot: false) { _ in true } == "/tmp/flag.sock")
            #expect(ControlSocketPath.forClient(flag: nil, environment: environment, isRoot: true) { _ in true } == "/tmp/env.sock")
            #expect(ControlSocketPath.forClient(flag: "", environment: ["WINDDOWN_SOCKET": ""], isRoot: true) { _ in true } == ControlSocketPath.system)
        }

        @Test("root uses the system socket; others the user socket when it exists")
        func defaults() {
            let environment = ["XDG_RUNTIME_DIR": "/run/user/1000/"]
            #expect(ControlSocketPath.forClient(flag: nil, environment: environment, isRoot: true) { _ in true } == "/run/winddown/control.sock")
            #expect(ControlSocketPath.forClient(flag: nil, environment: environment, isRoot: false) { $0 == userSocket } == userSocket)
            #expect(ControlSocketPath.forClient(flag: nil, environment: environment, isRoot: false) { _ in false } == ControlSocketPath.system)
            #expect(ControlSocketPath.forClient(flag: nil, environment: [:], isRoot: false) { _ in true } == ControlSocketPath.system)
            #expect(ControlSocketPath.forClient(flag: nil, environment: ["XDG_RUNTIME_DIR": "relative"], isRoot: false) { _ in true } == ControlSocketPath.system)
        }
    }
}
