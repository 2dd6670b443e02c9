import Foundation
import Testing

extension EndToEnd {
    /// The page in a real browser: Debian's headless Chromium, driven by
    /// Selenium (Tests/Browser/page_test.py), against the real server and
    /// daemon. `WINDDOWN_UPDATE_DOCS=1` also keeps its screenshot as
    /// docs/web-page.png, the README's picture.
    @Suite("The control page in headless Chromium")
    struct WebBrowserTests {
        static var python: URL { Paths.repositoryRoot.appendingPathComponent(".venv-browser/bin/python") }

        @Test("opened with the token, Start shows the session within a second; the screenshot is dark, warm and not blank")
        func pressStart() async throws { try await WebRig.with("web-browser") { rig in
            guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
                Issue.record("no Selenium: run scripts/install-browser-test.sh (make test does)")
                return
            }
            let screenshot = rig.dir.file("page.png")
            let result = try await run(
                Self.python,
                [Paths.repositoryRoot.appendingPathComponent("Tests/Browser/page_test.py").path, "--url", "http://127.0.0.1:\(rig.port)",
                 "--token", rig.token, "--screenshot", screenshot.path],
                logsIn: rig.dir.url, timeout: .seconds(120))
            let figures = (try? JSONSerialization.jsonObject(with: Data((result.stdout.split(separator: "\n").last ?? "").utf8))) as? [String: Any] ?? [:]
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            #expect((figures["failures"] as? [String])?.isEmpty == true, "\(figures)")
            #expect((figures["start_to_running_ms"] as? Int ?? 9999) <= 1000)
            #expect((figures["mean_luminance"] as? Double ?? 1) < 0.2)
            #expect(try rig.status()["state"] as? String == "running", "the browser's Start started the daemon's session")
            print("browser: \(figures)")
            if ProcessInfo.processInfo.environment["WINDDOWN_UPDATE_DOCS"] == "1" {
                let docs = Paths.repositoryRoot.appendingPathComponent("docs/web-page.png")
                try? FileManager.default.removeItem(at: docs)
                try FileManager.default.copyItem(at: screenshot, to: docs)
            }
        } }
    }

    /// The token file: made once with the kernel's randomness and mode 0600, kept across restarts, refused when unusable.
    @Suite("The web page's token file")
    struct WebTokenTests {
        @Test("made 0600 with 64 hex digits when missing, then the same token after a restart")
        func madeOnceAndKept() async throws { try await WebRig.with("web-token", startWeb: false) { rig in
            let web = try await rig.startWeb()
            let attributes = try FileManager.default.attributesOfItem(atPath: rig.tokenFile.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let token = rig.token
            #expect(token.count == 64 && token.allSatisfy { $0.isHexDigit })
            #expect(web.stderr.contains("made a new access token") && web.stderr.contains("?token=\(token)"), "the log has the address to open")
            await web.terminate()
            let again = try await rig.startWeb()
            #expect(rig.token == token && !again.stderr.contains("made a new access token"))
            #expect(try rig.http.request("GET", "/api/status").status == 200)
        } }

        @Test("--qr draws the address as a QR code on stdout (with Debian's qrencode)")
        func qrCode() async throws { try await WebRig.with("web-qr", startWeb: false) { rig in
            let web = try await rig.startWeb(arguments: ["--qr"])
            func lines() -> [String] { web.stdout.split(separator: "\n").map(String.init) }
            let drawn = await web.waitForLog(timeout: .seconds(10)) { _ in lines().count >= 20 }
            #expect(drawn, "stdout: \(web.stdout)")
            let lines = lines()
            #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy { " █▀▄".unicodeScalars.contains($0) } }, "only block characters")
            #expect(Set(lines.map(\.count)).count == 1 && lines.count * 2 >= lines[0].count - 2, "a square of rows of one width")
            #expect(!web.stdout.contains(rig.token), "the token is only in the code, and in the log line")
        } }

        @Test("an unusable token file or a busy port: exit 78 with a message that names it")
        func refusedAtStart() async throws { try await WebRig.with("web-token-bad", startWeb: false) { rig in
            try "short\n".write(to: rig.tokenFile, atomically: true, encoding: .utf8)
            let bad = try await run(try WebRig.webBinary(), ["--config", rig.config.path, "--socket", rig.socket], environment: rig.environment, logsIn: rig.dir.url)
            #expect(bad.status == 78 && bad.stderr.contains("web.token_file") && bad.stderr.contains(rig.tokenFile.path), "\(bad)")
            try FileManager.default.removeItem(at: rig.tokenFile)
            try FileManager.default.createDirectory(at: rig.tokenFile, withIntermediateDirectories: true)
            let folder = try await run(try WebRig.webBinary(), ["--config", rig.config.path, "--socket", rig.socket], environment: rig.environment, logsIn: rig.dir.url)
            #expect(folder.status == 78 && folder.stderr.contains("is a folder"), "\(folder)")
            try FileManager.default.removeItem(at: rig.tokenFile)
            try await rig.startWeb()
            let busy = try await run(try WebRig.webBinary(), ["--config", rig.config.path, "--socket", rig.socket], environment: rig.environment, logsIn: rig.dir.url)
            #expect(busy.status == 78 && busy.stderr.contains("cannot listen on 127.0.0.1:\(rig.port)"), "\(busy)")
        } }
    }
}
