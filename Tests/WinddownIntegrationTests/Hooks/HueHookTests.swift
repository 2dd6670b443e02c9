import Testing

extension Hooks {
    @Suite("hue")
    struct Hue {
        static let user = "1028d66426293e821ecfd9ef1a0731df"
        static let success = #"[{"success":{"/lights/3/state/on":true}},{"success":{"/lights/3/state/bri":127}}]"#

        /// A sandbox whose env file points the hook at `server` as the bridge.
        private func sandbox(for server: RecordingHTTPServer, _ settings: [String: String] = ["HUE_LIGHT": "3"]) throws -> HookSandbox {
            let sandbox = try HookSandbox("hue")
            try sandbox.writeSettings(settings.merging(["HUE_BRIDGE": server.hostAndPort, "HUE_USER": Self.user]) { $1 })
            return sandbox
        }

        @Test(
            "bri is LEVEL * 254 / 100 rounded, transitiontime in tenths of a second",
            arguments: [
                ("1", "2.5", #"{"on":true,"bri":3,"transitiontime":25}"#),
                ("50", "60", #"{"on":true,"bri":127,"transitiontime":600}"#),
                ("100", "0", #"{"on":true,"bri":254,"transitiontime":0}"#),
                ("40", "0.04", #"{"on":true,"bri":102,"transitiontime":0}"#),
                ("20", "7200", #"{"on":true,"bri":51,"transitiontime":65535}"#),
            ])
        func scaling(level: String, transition: String, body: String) async throws {
            let server = try RecordingHTTPServer(reply: .json(Self.success))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("hue", ["step", level, transition])
            #expect(result.exited(0), "\(result)")
            try #require(server.requests.count == 1, "\(server.requests)")
            #expect(server.requests[0].method == "PUT")
            #expect(server.requests[0].path == "/api/\(Self.user)/lights/3/state")
            #expect(server.requests[0].body == body)
        }

        @Test("level 0 turns the light off with the transition")
        func off() async throws {
            let server = try RecordingHTTPServer(reply: .json(#"[{"success":{"/lights/3/state/on":false}}]"#))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("hue", ["end", "0", "30"])
            #expect(result.exited(0), "\(result)")
            #expect(server.requests.map(\.body) == [#"{"on":false,"transitiontime":300}"#])
        }

        @Test("HUE_GROUP sets groups/N/action; the user comes from HUE_USER_FILE and stays off curl's command line")
        func group() async throws {
            let server = try RecordingHTTPServer(reply: .json(#"[{"success":{"/groups/2/action/bri":127}}]"#))
            defer { server.stop() }
            let sandbox = try HookSandbox("hue")
            defer { sandbox.remove() }
            let userFile = try sandbox.write(Self.user + "\n", to: "hue.user", mode: 0o600)
            try sandbox.writeSettings(["HUE_BRIDGE": server.hostAndPort, "HUE_USER_FILE": userFile, "HUE_GROUP": "2"])
            try sandbox.stub("curl", then: "PATH=/usr/local/bin:/usr/bin:/bin exec curl \"$@\"")
            let result = try await sandbox.run("hue", ["start", "50", "1"])
            #expect(result.exited(0), "\(result)")
            #expect(server.requests.map(\.path) == ["/api/\(Self.user)/groups/2/action"])
            #expect(server.requests.first?.body == #"{"on":true,"bri":127,"transitiontime":10}"#)
            let calls = sandbox.calls(of: "curl")
            #expect(calls.count == 1 && !calls.joined().contains(Self.user), "the user is on curl's command line: \(calls)")
        }

        @Test("both HUE_LIGHT and HUE_GROUP, or neither: exit 2")
        func lightOrGroup() async throws {
            let server = try RecordingHTTPServer(reply: .json(Self.success))
            defer { server.stop() }
            let both = try sandbox(for: server, ["HUE_LIGHT": "3", "HUE_GROUP": "2"])
            defer { both.remove() }
            let neither = try sandbox(for: server, [:])
            defer { neither.remove() }
            let twice = try await both.run("hue", ["step", "40", "60"])
            let none = try await neither.run("hue", ["step", "40", "60"])
            #expect(twice.exited(2) && twice.stderr.contains("not both"), "\(twice)")
            #expect(none.exited(2) && none.stderr.contains("HUE_LIGHT or HUE_GROUP is not set"), "\(none)")
            #expect(server.requests.isEmpty)
        }

        @Test("an error array in a 200 answer exits 1 with the bridge's description")
        func errorArray() async throws {
            let refusal = #"[{"error":{"type":1,"address":"/lights/3/state","description":"unauthorized user"}}]"#
            let server = try RecordingHTTPServer(reply: .json(refusal))
            defer { server.stop() }
            let sandbox = try sandbox(for: server)
            defer { sandbox.remove() }
            let result = try await sandbox.run("hue", ["step", "40", "60"])
            #expect(result.exited(1), "\(result)")
            #expect(result.stderr.contains("unauthorized user"), "\(result)")
        }

        @Test("no HUE_BRIDGE: exit 2, naming it")
        func missingBridge() async throws {
            let sandbox = try HookSandbox("hue")
            defer { sandbox.remove() }
            try sandbox.writeSettings(["HUE_USER": Self.user, "HUE_LIGHT": "3"])
            let result = try await sandbox.run("hue", ["step", "40", "60"])
            #expect(result.exited(2) && result.stderr.contains("HUE_BRIDGE is not set"), "\(result)")
        }
    }
}
