import Foundation
import Testing

extension EndToEnd {
    /// `winddown-web` in front of the real daemon: every command the page
    /// can send, who may send it, and what bad requests get.
    @Suite("The web page's API (winddown-web)")
    struct WebAPITests {
        @Test("every command reaches the daemon and answers with its JSON; the status and the history follow")
        func everyCommand() async throws { try await WebRig.with("web-cmds") { rig in
            let http = rig.http
            let idle = try http.request("GET", "/api/status")
            #expect(idle.status == 200 && idle.json["state"] as? String == "idle" && idle.json["ok"] as? Bool == true)
            #expect(idle.header("Content-Type") == "application/json")

            let started = try http.post("/api/start", ["routine": "quick", "duration": "5m"])
            #expect(started.status == 200 && started.json["ok"] as? Bool == true, "\(started.text)")
            #expect(started.json["routine"] as? String == "quick")
            #expect(try rig.status()["state"] as? String == "running")
            let busy = try http.post("/api/start", [:])
            #expect(busy.status == 409 && (busy.json["error"] as? String)?.isEmpty == false, "a second start is the daemon's refusal")

            #expect(try http.post("/api/pause").status == 200)
            #expect(try rig.status()["state"] as? String == "paused")
            #expect(try http.post("/api/resume").status == 200)
            #expect(try rig.status()["state"] as? String == "running")
            #expect(try http.post("/api/hold").status == 200)
            #expect(try rig.status()["state"] as? String == "holding")
            let before = try rig.status()["step"] as? [String: Any]
            #expect(try http.post("/api/skip").status == 200)
            let after = try rig.status()["step"] as? [String: Any]
            #expect((after?["index"] as? Int ?? 0) > (before?["index"] as? Int ?? 0), "skip moves on: \(String(describing: before)) → \(String(describing: after))")
            let remaining = try rig.status()["remaining_s"] as? Int ?? 0
            let extended = try http.post("/api/extend", ["duration": "10m"])
            #expect(extended.status == 200 && (extended.json["remaining_s"] as? Int ?? 0) >= remaining + 500, "\(extended.text)")
            let louder = try http.post("/api/volume", ["volume": 90])
            #expect(louder.json["volume"] as? Int == 50, "capped at audio.max_volume: \(louder.text)")
            let softer = try http.post("/api/volume", ["volume": "-5"])
            #expect(softer.json["volume"] as? Int == 45)
            #expect(try rig.status()["volume"] as? Int == 45)

            let next = try rig.status()["next_run"] as? String
            let snoozed = try http.post("/api/snooze")
            #expect(snoozed.status == 200, "\(snoozed.text)")
            #expect(try rig.status()["next_run"] as? String != next)
            #expect(try http.post("/api/schedule", ["enabled": false]).status == 200)
            #expect(try rig.status()["schedule"] as? Bool == false)
            #expect(try http.post("/api/schedule", ["enabled": true]).status == 200)
            #expect(try rig.status()["schedule"] as? Bool == true)

            #expect(try http.post("/api/stop").status == 200)
            #expect(await rig.waitForStatus { $0["state"] as? String == "idle" } != nil)
            let history = try http.request("GET", "/api/history?n=5")
            let sessions = history.json["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.first?["outcome"] as? String == "stopped" && sessions.first?["routine"] as? String == "quick", "\(history.text)")
            #expect(history.json["streak"] as? Int == 0 && history.json["streak_text"] is String)
            let options = try http.request("GET", "/api/options")
            #expect(options.json["max_volume"] as? Int == 50)
            #expect((options.json["routines"] as? [String])?.contains("foot-massage") == true)
        } }

        @Test("the page and its assets are served by the binary, with a policy that allows nothing from elsewhere")
        func pageAndAssets() async throws { try await WebRig.with("web-page") { rig in
            let page = try rig.http.request("GET", "/")
            #expect(page.status == 200 && page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/app.js") && page.text.contains("/app.css") && !page.text.contains("http"), "no address of anything outside")
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            for (path, type) in [("/app.js", "text/javascript"), ("/app.css", "text/css"), ("/icon.svg", "image/svg+xml")] {
                let asset = try rig.http.request("GET", path)
                #expect(asset.status == 200 && asset.header("Content-Type")?.hasPrefix(type) == true && !asset.body.isEmpty, "\(path)")
            }
            let head = try rig.http.request("HEAD", "/api/status")
            #expect(head.status == 200 && head.header("Content-Type") == "application/json" && head.body.isEmpty, "HEAD: \(head.status)")
            let script = try rig.http.request("GET", "/app.js").text
            #expect(script.contains("EventSource") && !script.contains("setInterval(load"), "live by server-sent events")
        } }

        @Test("without the right token nothing is answered and nothing changes: 401 for no token, a wrong one, a forged cookie")
        func unauthorized() async throws { try await WebRig.with("web-401") { rig in
            let http = rig.http
            let cases: [(String, [String: String])] = [
                ("no token", [:]),
                ("a wrong bearer token", ["Authorization": "Bearer " + String(repeating: "0", count: 64)]),
                ("a token one character short", ["Authorization": "Bearer " + String(rig.token.dropLast())]),
                ("another scheme", ["Authorization": "Basic \(rig.token)"]),
                ("a forged cookie", ["Cookie": "winddown_token=" + String(repeating: "a", count: 64)]),
                ("an empty cookie", ["Cookie": "winddown_token="]),
            ]
            for (what, headers) in cases {
                for path in ["/", "/api/status", "/api/plan", "/api/events", "/api/history"] {
                    let answer = try http.request("GET", path, headers: headers, authorized: false)
                    #expect(answer.status == 401, "\(what) on \(path): \(answer.status)")
                    #expect((answer.json["error"] as? String)?.isEmpty == false, "\(what) on \(path) explains itself")
                }
                let start = try http.post("/api/start", [:], headers: headers, authorized: false)
                #expect(start.status == 401, "\(what): start")
            }
            #expect(try http.request("GET", "/?token=wrong", authorized: false).status == 401)
            #expect(try rig.status()["state"] as? String == "idle", "no refused request started anything")

            // The address with the token sets the cookie and sends the browser on without the token.
            let login = try http.request("GET", "/?token=\(rig.token)", authorized: false)
            #expect(login.status == 200 && login.text.contains("http-equiv=\"refresh\" content=\"0; url=/\""))
            #expect(login.header("Cache-Control") == "no-store")
            let cookie = try #require(login.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let pair = String(cookie.split(separator: ";")[0])
            let withCookie = try http.request("GET", "/api/status", headers: ["Cookie": pair], authorized: false)
            #expect(withCookie.status == 200)
        } }

        @Test("another site's page cannot change anything, even with the cookie: a form post, a cross-site fetch, a foreign origin")
        func crossSite() async throws { try await WebRig.with("web-csrf") { rig in
            let http = rig.http
            let cookie = "winddown_token=\(rig.token)"
            let attempts: [(String, [String: String], Data)] = [
                ("a form post", ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Origin": "http://evil.example"], Data("routine=quick".utf8)),
                ("a text/plain post", ["Cookie": cookie, "Content-Type": "text/plain"], Data("{}".utf8)),
                ("a cross-site fetch", ["Cookie": cookie, "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"], Data("{}".utf8)),
                ("a foreign origin", ["Cookie": cookie, "Content-Type": "application/json", "Origin": "http://evil.example"], Data("{}".utf8)),
            ]
            for (what, headers, body) in attempts {
                let answer = try http.request("POST", "/api/start", headers: headers, body: body, authorized: false)
                #expect([403, 415].contains(answer.status), "\(what): \(answer.status) \(answer.text)")
                #expect((answer.json["error"] as? String)?.isEmpty == false)
            }
            #expect(try rig.status()["state"] as? String == "idle")
            let same = try http.request(
                "POST", "/api/start", headers: ["Cookie": cookie, "Content-Type": "application/json", "Origin": "http://127.0.0.1:\(rig.port)", "Sec-Fetch-Site": "same-origin"],
                body: Data("{\"routine\":\"quick\",\"duration\":\"5m\"}".utf8), authorized: false)
            #expect(same.status == 200, "the page itself may: \(same.text)")
        } }

        @Test("bad requests get clear JSON errors: unknown paths, wrong methods, not JSON, wrong types, 1 MiB bodies")
        func badRequests() async throws { try await WebRig.with("web-bad") { rig in
            let http = rig.http
            func expectError(_ answer: HTTPProbe.Answer, _ status: Int, _ words: String, _ what: String) {
                #expect(answer.status == status, "\(what): \(answer.status) \(answer.text)")
                #expect(answer.json["ok"] as? Bool == false, "\(what)")
                #expect((answer.json["error"] as? String ?? "").contains(words), "\(what): \(answer.text)")
            }
            expectError(try http.request("GET", "/nope"), 404, "no such", "an unknown path")
            expectError(try http.request("GET", "/api/reload"), 404, "no such", "a command the page may not send")
            expectError(try http.request("GET", "/../../etc/passwd"), 404, "no such", "a path outside")
            let wrongMethod = try http.request("DELETE", "/api/status")
            expectError(wrongMethod, 405, "GET", "DELETE on status")
            #expect(wrongMethod.header("Allow") == "GET, HEAD")
            expectError(try http.request("GET", "/api/start"), 405, "POST", "GET on a command")
            let json = ["Content-Type": "application/json"]
            expectError(try http.request("POST", "/api/start", headers: json, body: Data("not json".utf8)), 400, "not JSON", "not JSON")
            expectError(try http.request("POST", "/api/start", headers: json, body: Data("[1,2]".utf8)), 400, "object", "an array")
            expectError(try http.post("/api/start", ["duration": 20]), 400, "string", "a number for a duration")
            expectError(try http.post("/api/start", ["duration": "500m"]), 400, "duration", "too long")
            expectError(try http.post("/api/start", ["speed": "fast"]), 400, "no argument \"speed\"", "an unknown field")
            expectError(try http.post("/api/volume", ["volume": true]), 400, "whole number", "a boolean volume")
            expectError(try http.post("/api/volume", [:]), 400, "needs \"volume\"", "no volume")
            expectError(try http.post("/api/schedule", ["enabled": "yes"]), 400, "true or false", "a string for a switch")
            expectError(try http.post("/api/extend", ["duration": "10m now"]), 400, "one word", "spaces")
            expectError(try http.post("/api/stop", ["now": true]), 400, "takes no arguments", "arguments to stop")
            expectError(try http.request("GET", "/api/history?n=0"), 400, "n:", "history of none")
            expectError(try http.request("GET", "/api/plan?duration=1d"), 400, "plan: duration", "a bad plan length")
            let big = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
            expectError(try http.request("POST", "/api/start", headers: json, body: big), 413, "larger than", "1 MiB")
            let nested = Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
            expectError(try http.request("POST", "/api/start", headers: json, body: nested), 400, "not JSON", "deep nesting")
            #expect(try rig.status()["state"] as? String == "idle", "none of it started anything")
            #expect(try http.request("GET", "/api/status").status == 200, "and the server goes on")
        } }

        @Test("a slow client that never finishes its request and 200 idle connections: everyone else is served, memory stays bounded")
        func slowAndIdleClients() async throws { try await WebRig.with("web-slow") { rig in
            let pid = try #require(rig.web?.pid)
            _ = try rig.http.request("GET", "/api/status")
            let before = HostileDaemon.usage(of: pid).rssKiB
            let slow = try HTTPProbe.Connection(port: rig.port)
            try slow.send(Data("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8))
            var idle: [HTTPProbe.Connection] = []
            for _ in 0..<200 { idle.append(try HTTPProbe.Connection(port: rig.port)) }
            var slowest = 0.0
            for _ in 0..<20 {
                let sent = ContinuousClock.now
                let answer = try rig.http.request("GET", "/api/status")
                #expect(answer.status == 200)
                let took = (ContinuousClock.now - sent) / .milliseconds(1)
                slowest = max(slowest, took)
            }
            #expect(slowest < 2000, "the slowest status took \(slowest) ms beside 201 idle connections")
            let during = HostileDaemon.usage(of: pid).rssKiB
            #expect(during - before < 32 * 1024, "RSS \(before) → \(during) KiB with 201 idle connections")
            // The half-sent request is given up on: the server closes it within its deadline.
            let (_, closed) = slow.read(timeout: 15)
            #expect(closed, "the slow client's connection was closed")
            let (_, idleClosed) = idle[0].read(timeout: 5)
            #expect(idleClosed, "a connection that says nothing is closed too")
            #expect(rig.web?.isRunning == true)
            print("web: RSS \(before) → \(during) KiB with 201 idle connections; slowest status \(Int(slowest)) ms")
        } }

        @Test("while the daemon is down the API says so (503) and the event stream reports it, then recovers by itself")
        func daemonDown() async throws { try await WebRig.with("web-down", daemonRunning: false) { rig in
            let down = try rig.http.request("GET", "/api/status")
            #expect(down.status == 503, "\(down.text)")
            #expect((down.json["error"] as? String ?? "").contains("not running"), "\(down.text)")
            #expect(try rig.http.post("/api/start", ["routine": "quick"]).status == 503)

            let events = try HTTPProbe.Connection(port: rig.port)
            try events.send(Data("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(rig.token)\r\n\r\n".utf8))
            let first = events.read(timeout: 5) { String(decoding: $0, as: UTF8.self).contains("event: down") }
            #expect(String(decoding: first.data, as: UTF8.self).contains("event: down"), "\(String(decoding: first.data, as: UTF8.self))")

            try await rig.startDaemon()
            let back = events.read(timeout: 10) { String(decoding: $0, as: UTF8.self).contains("event: status") }
            #expect(String(decoding: back.data, as: UTF8.self).contains("\"state\":\"idle\""), "the stream follows the daemon once it is back")
            #expect(try rig.http.request("GET", "/api/status").status == 200)
            #expect(rig.web?.isRunning == true)
        } }

        @Test("the event stream carries a started session within two seconds of the command (the browser test holds the page to one)")
        func eventsFollowTheSession() async throws { try await WebRig.with("web-sse") { rig in
            let events = try HTTPProbe.Connection(port: rig.port)
            try events.send(Data("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(rig.token)\r\n\r\n".utf8))
            let opening = events.read(timeout: 5) { String(decoding: $0, as: UTF8.self).contains("\"state\":\"idle\"") }
            let head = String(decoding: opening.data, as: UTF8.self)
            #expect(head.contains("text/event-stream") && head.contains("\"state\":\"idle\""), "\(head)")
            let clock = ContinuousClock()
            let sent = clock.now
            #expect(try rig.http.post("/api/start", ["routine": "quick", "duration": "5m"]).status == 200)
            let running = events.read(timeout: 5) { String(decoding: $0, as: UTF8.self).contains("\"state\":\"running\"") }
            let took = sent.duration(to: clock.now)
            #expect(String(decoding: running.data, as: UTF8.self).contains("\"state\":\"running\""))
            #expect(took < .seconds(2), "the stream showed the session \(took) after the start")
            print("web: the event stream showed the session \(took) after the start was sent")
            #expect(try rig.http.post("/api/stop").status == 200)
        } }
    }
}
