import Testing

extension Hooks {
    @Suite("home-assistant")
    struct HomeAssistant {
        static let token = "eyJhbGciOiJIUzI1NiJ9.test-token.c2lnbmF0dXJl"

        /// A sandbox whose env file points the hook at `server`, with the
        /// token in a 0600 file and a `curl` stub that records its
        /// arguments and runs the real curl.
        private func sandbox(for server: RecordingHTTPServer, entity: String = "light.bedroom") throws -> HookSandbox {
            let sandbox = try HookSandbox("ha")
            let tokenFile = try sandbox.write(Self.token + "\n", to: "ha.token", mode: 0o600)
            try sandbox.writeSettings(["HA_URL": "\"\(server.url)/\"", "HA_ENTITY": entity, "HA_TOKEN_FILE": tokenFile])
            try sandbox.stub("curl", then: "PATH=/usr/local/bin:/usr/bin:/bin exec curl \"$@\"")
            return sandbox
        }

        @Test("turn_on with brightness_pct and transition, the token as a Bearer header and never in curl's arguments")
        func turnOn() async throws {
            let server = try RecordingHTTPServer(reply: .json("[]"))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["step", "40", "60"])
            #expect(result.exited(0), "\(result)")
            let requests = server.requests
            try #require(requests.count == 1, "want one request, got \(requests)")
            #expect(requests[0].method == "POST")
            #expect(requests[0].path == "/api/services/light/turn_on")
            #expect(requests[0].header("Authorization") == "Bearer \(Self.token)")
            #expect(requests[0].header("Content-Type") == "application/json")
            #expect(requests[0].body == #"{"entity_id": "light.bedroom", "brightness_pct": 40, "transition": 60}"#)
            let calls = sandbox.calls(of: "curl")
            #expect(calls.count == 1, "curl ran \(calls.count) times")
            #expect(!calls.joined().contains(Self.token), "the token is on curl's command line: \(calls)")
        }

        @Test("level 0 is light.turn_off with the transition; decimals pass through")
        func turnOff() async throws {
            let server = try RecordingHTTPServer(reply: .json("[]"))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["end", "0", "2.5"])
            #expect(result.exited(0), "\(result)")
            #expect(server.requests.map(\.path) == ["/api/services/light/turn_off"])
            #expect(server.requests.first?.body == #"{"entity_id": "light.bedroom", "transition": 2.5}"#)
        }

        @Test("several comma-separated entities become a JSON array")
        func severalEntities() async throws {
            let server = try RecordingHTTPServer(reply: .json("[]"))
            defer { server.stop() }
            let sandbox = try sandbox(for: server, entity: "light.bedroom, light.hall,light.desk")
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["start", "60", "0"])
            #expect(result.exited(0), "\(result)")
            #expect(
                server.requests.first?.body
                    == #"{"entity_id": ["light.bedroom", "light.hall", "light.desk"], "brightness_pct": 60, "transition": 0}"#)
        }

        @Test("abort stays at the level reached, or goes to HA_RESTORE at once")
        func abort() async throws {
            let server = try RecordingHTTPServer(reply: .json("[]"))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let stay = try await sandbox.run("home-assistant", ["abort", "35", "0"])
            let restore = try await sandbox.run("home-assistant", ["abort", "35", "0"], environment: ["HA_RESTORE": "80"])
            #expect(stay.exited(0) && restore.exited(0), "\(stay)\n\(restore)")
            #expect(
                server.requests.map(\.body) == [
                    #"{"entity_id": "light.bedroom", "brightness_pct": 35, "transition": 0}"#,
                    #"{"entity_id": "light.bedroom", "brightness_pct": 80, "transition": 0}"#,
                ])
        }

        @Test("HTTP 401 exits 1 and says the token was refused")
        func unauthorized() async throws {
            let server = try RecordingHTTPServer(reply: .json("401: Unauthorized", status: 401))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["step", "40", "60"])
            #expect(result.exited(1), "\(result)")
            #expect(result.stderr.contains("refused the token") && result.stderr.contains("401"), "\(result)")
            #expect(server.requests.count == 1)
        }

        @Test("no HA_URL anywhere: exit 2, naming HA_URL and the env file")
        func missingURL() async throws {
            let sandbox = try HookSandbox("ha")
            defer { sandbox.remove() }
            try sandbox.writeSettings(["HA_ENTITY": "light.bedroom", "HA_TOKEN_FILE": "/nonexistent"])
            let result = try await sandbox.run("home-assistant", ["step", "40", "60"])
            #expect(result.exited(2), "\(result)")
            #expect(result.stderr.contains("HA_URL is not set") && result.stderr.contains(sandbox.envFile), "\(result)")
        }

        @Test("an env file that does not exist is named as such")
        func missingEnvFile() async throws {
            let sandbox = try HookSandbox("ha")
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["step", "40", "60"])
            #expect(result.exited(2), "\(result)")
            #expect(result.stderr.contains("HA_URL is not set") && result.stderr.contains("\(sandbox.envFile) (which does not exist)"), "\(result)")
        }

        @Test("an entity id that is not domain.object_id: exit 2, naming HA_ENTITY")
        func badEntity() async throws {
            let server = try RecordingHTTPServer(reply: .json("[]"))
            defer { server.stop() }
            let sandbox = try sandbox(for: server, entity: #"light.bed", "x"#)
            defer { sandbox.remove() }
            let result = try await sandbox.run("home-assistant", ["step", "40", "60"])
            #expect(result.exited(2) && result.stderr.contains("HA_ENTITY"), "\(result)")
            #expect(server.requests.isEmpty)
        }
    }
}
