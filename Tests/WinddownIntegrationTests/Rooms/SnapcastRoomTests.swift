import Foundation
import Testing

/// Sessions played through a real Snapcast server to real clients, with
/// the daemon as users run it (`local = false`: the rooms only).
@Suite("Snapcast rooms", .serialized)
struct SnapcastRoomTests {
    /// The gain snapclient's software mixer gives a volume (its default exponential curve).
    static func gain(percent: Int) -> Double { (pow(10, Double(percent) / 100) - 1) / 9 }

    static func config(_ server: SnapServer, streamPort: Int? = nil, rooms: String, local: Bool = false) -> String {
        """
        [snapcast]
        server = "127.0.0.1"
        stream_port = \(streamPort ?? server.sourcePort)
        control_port = \(server.controlPort)
        local = \(local)
        rooms = [\(rooms)]

        """
    }

    static func waitFor(_ what: String, timeout: Duration = .seconds(15), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// The first frame whose left sample reaches `level` (after the gain is taken out).
    static func firstSound(_ samples: [Int16], gain: Double, from start: Int = 0, level: Double = 400) -> Int? {
        var frame = start
        while 2 * frame < samples.count {
            if Double(abs(Int(samples[2 * frame]))) / gain >= level { return frame }
            frame += 1
        }
        return nil
    }

    /// The shift of `b` against `a` (in frames, within `range`) where the two agree best.
    static func bestLag(_ a: [Int16], at frameA: Int, _ b: [Int16], at frameB: Int, range: Int, window: Int) -> Int {
        var best = (lag: 0, score: -Double.infinity)
        for lag in -range...range {
            var score = 0.0
            for i in 0..<window {
                let ia = 2 * (frameA + i), ib = 2 * (frameB + lag + i)
                guard ia >= 0, ib >= 0, ia < a.count, ib < b.count else { continue }
                score += Double(a[ia]) * Double(b[ib])
            }
            if score > best.score { best = (lag, score) }
        }
        return best.lag
    }

    static func rms(_ samples: [Int16], from frame: Int, count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count where 2 * (frame + i) < samples.count { sum += pow(Double(samples[2 * (frame + i)]), 2) }
        return (sum / Double(max(1, count))).squareRoot()
    }

    @Test("two rooms hear the session in step at their volumes, a late room is set first, a restart is survived, the rooms are put back")
    func twoRooms() async throws {
        let dir = try TemporaryDirectory("snapcast-rooms")
        defer { dir.remove() }
        let server = try SnapServer(in: dir)
        try await server.start()
        let roomA = try SnapClient("roomA", of: server)
        let roomB = try SnapClient("roomB", of: server)
        var roomC: SnapClient?
        let writes = FileWriteLog([roomA.file, roomB.file])
        writes.start()
        // Ended on every way out (stopping twice is harmless).
        defer { writes.stop() }
        var control = try server.control()
        try await Self.waitFor("both clients") { try control.clients().filter { $0.value.connected }.count == 2 }
        // What the rooms are set to before the night: this is what must come back.
        try control.setVolume("roomA", 70)
        try control.setVolume("roomB", 55, muted: true)

        let daemon = try await HostileDaemon.launch(
            in: dir,
            config: Self.config(server, rooms: #"{ client = "roomA", volume = 40 }, { client = "roomB", volume = 20 }, { client = "roomC", volume = 30 }"#))
        let started = ContinuousClock.now
        #expect(try daemon.request("start")["ok"] as? Bool == true)
        // The answer comes once the rooms are set; the clients' buffers have not let anything out yet.
        let set = try control.clients()
        #expect(set["roomA"]?.percent == 40 && set["roomA"]?.muted == false, "\(set)")
        #expect(set["roomB"]?.percent == 20 && set["roomB"]?.muted == false, "\(set)")
        #expect(set["roomA"]?.stream == "winddown" && set["roomB"]?.stream == "winddown")
        #expect(roomA.isSilentSoFar && roomB.isSilentSoFar, "audio reached a room before its volume was set")
        #expect(daemon.process.stderr.contains("room \"roomC\" is not a client"))

        // In step: the same sound at the same moment in both rooms, once the
        // clients have settled (a client may still be catching up in its first
        // second, playing silence or dropping a block as it syncs to the server).
        try await Self.waitFor("six seconds of sound in both rooms", timeout: .seconds(25)) {
            Self.firstSound(roomA.samples, gain: Self.gain(percent: 40)).map { $0 + 48_000 * 6 < roomA.samples.count / 2 } == true
                && Self.firstSound(roomB.samples, gain: Self.gain(percent: 20)).map { $0 + 48_000 * 6 < roomB.samples.count / 2 } == true
        }
        let a = roomA.samples, b = roomB.samples
        let frameA = try #require(Self.firstSound(a, gain: Self.gain(percent: 40)))
        let frameB = try #require(Self.firstSound(b, gain: Self.gain(percent: 20)))
        // Where room B has what room A has two seconds in: searched ±100 ms, then followed ±10 ms.
        var lag = Self.bestLag(a, at: frameA + 96_000, b, at: frameB + 96_000, range: 4_800, window: 4_800)
        var apart: [Double] = []
        for second in stride(from: 2.0, through: 4.0, by: 0.5) {
            let offset = Int(second * 48_000)
            lag += Self.bestLag(a, at: frameA + offset, b, at: frameB + lag + offset, range: 480, window: 4_800)
            let heardA = try #require(writes.played(file: 0, frame: frameA + offset), "room A's file was not seen growing")
            let heardB = try #require(writes.played(file: 1, frame: frameB + lag + offset), "room B's file was not seen growing")
            apart.append(heardA - heardB)
        }
        // The middle of five readings: one late tick of a file player's timer moves one reading, not the result.
        let median = apart.sorted()[apart.count / 2]
        let ratio = Self.rms(a, from: frameA + 96_000, count: 48_000) / Self.rms(b, from: frameB + lag + 96_000, count: 48_000)
        let expected = Self.gain(percent: 40) / Self.gain(percent: 20)
        let readings = apart.map { String(format: "%.2f", $0 * 1000) }.joined(separator: ", ")
        #expect(abs(median) <= 0.005, "rooms apart by \(readings) ms")
        print("snapcast rooms: apart by \(String(format: "%.2f", median * 1000)) ms (readings \(readings)), loudness ratio \(String(format: "%.3f", ratio / expected)) of expected, lag \(lag)")
        #expect(abs(ratio / expected - 1) < 0.15, "loudness of room A to room B is \(ratio), not \(expected)")

        // status lists the rooms playing.
        let status = try daemon.request("status")
        let rooms = (status["rooms"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")=\($0["volume"] ?? "")" }
        #expect(rooms == ["roomA=40", "roomB=20"], "\(status)")

        // The ceiling: a room turned up is set back.
        try control.setVolume("roomA", 90)
        try await Self.waitFor("room A back at 40") { try control.clients()["roomA"]?.percent == 40 }

        // A room that joins mid-session is set before it is heard (a new client starts at 100).
        let joiner = try SnapClient("roomC", of: server)
        roomC = joiner
        try await Self.waitFor("room C set", timeout: .seconds(10)) {
            let c = try control.clients()["roomC"]
            return c?.connected == true && c?.percent == 30
        }
        #expect(joiner.isSilentSoFar, "room C played before its volume was set")
        try await Self.waitFor("sound in room C") { !joiner.isSilentSoFar }

        // The server crashes and comes back: the session keeps its clock, the rooms pick up.
        await server.kill()
        try await Task.sleep(for: .seconds(1))
        #expect(try daemon.request("status")["state"] as? String == "running")
        let sizes = (roomA.samples.count, roomB.samples.count)
        try await server.start()
        control = try server.control()
        try await Self.waitFor("sound in both rooms after the restart", timeout: .seconds(30)) {
            roomA.samples.dropFirst(sizes.0 + 96_000).contains { $0 != 0 } && roomB.samples.dropFirst(sizes.1 + 96_000).contains { $0 != 0 }
        }
        let after = try control.clients()
        #expect(after["roomA"]?.percent == 40 && after["roomB"]?.percent == 20, "\(after)")
        let elapsed = try daemon.request("status")["elapsed_s"] as? Int ?? 0
        let wall = Int((ContinuousClock.now - started).components.seconds)
        #expect(abs(elapsed - wall) <= 2, "the session's clock says \(elapsed) s after \(wall) s")
        #expect(daemon.process.stderr.contains("lost the Snapcast server"))

        // The end: the rooms are as they were before the session.
        #expect(try daemon.request("stop")["ok"] as? Bool == true)
        #expect(try await daemon.waitForIdle(timeout: .seconds(20)))
        let restored = try control.clients()
        #expect(restored["roomA"]?.percent == 70 && restored["roomA"]?.muted == false, "\(restored)")
        #expect(restored["roomB"]?.percent == 55 && restored["roomB"]?.muted == true, "\(restored)")
        #expect(restored["roomC"]?.percent == 100, "\(restored)")
        #expect(try daemon.request("status")["rooms"] == nil)
        #expect(daemon.process.isRunning)

        await daemon.process.terminate()
        for client in [roomA, roomB, roomC].compactMap({ $0 }) { await client.stop() }
        await server.stop()
    }

    @Test("a source with another sample format, a wrong port or a missing room is named; with local set the session plays on")
    func wrongSetUp() async throws {
        let dir = try TemporaryDirectory("snapcast-wrong")
        defer { dir.remove() }
        let server = try SnapServer(in: dir) { port in "tcp://127.0.0.1:\(port)?name=radio&mode=server&sampleformat=44100:16:2" }
        try await server.start()
        let daemon = try await HostileDaemon.launch(
            in: dir, config: Self.config(server, rooms: #"{ client = "nosuchroom", volume = 10 }"#, local: true), device: "null")
        #expect(try daemon.request("start")["ok"] as? Bool == true)
        #expect(await daemon.process.waitForLog(timeout: .seconds(10)) { $0.contains("takes 44100:16:2 audio") })
        #expect(await daemon.process.waitForLog(timeout: .seconds(10)) { $0.contains("playing on ALSA device \"null\"") }, "\(daemon.process.stderr)")
        #expect(try daemon.request("status")["state"] as? String == "running")
        #expect(try daemon.request("stop")["ok"] as? Bool == true)
        #expect(try await daemon.waitForIdle(timeout: .seconds(20)))
        await daemon.process.terminate()
        await server.stop()

        // The right format, but winddown pointed at a port that is not a source, then at a room nobody has.
        let goodDir = try TemporaryDirectory("snapcast-good")
        defer { goodDir.remove() }
        let good = try SnapServer(in: goodDir)
        try await good.start()
        let dir2 = try TemporaryDirectory("snapcast-wrong-port")
        defer { dir2.remove() }
        let wrongPort = try await HostileDaemon.launch(
            in: dir2, config: Self.config(good, streamPort: good.streamPort, rooms: #"{ client = "nosuchroom", volume = 10 }"#))
        #expect(try wrongPort.request("start")["ok"] as? Bool == true)
        #expect(await wrongPort.process.waitForLog(timeout: .seconds(10)) {
            $0.contains("has no TCP stream source on port \(good.streamPort)") && $0.contains("source = tcp://0.0.0.0:\(good.streamPort)?name=winddown&mode=server")
        })
        #expect(try wrongPort.request("stop")["ok"] as? Bool == true)
        #expect(try await wrongPort.waitForIdle(timeout: .seconds(20)))
        await wrongPort.process.terminate()

        let dir3 = try TemporaryDirectory("snapcast-missing-room")
        defer { dir3.remove() }
        let missing = try await HostileDaemon.launch(in: dir3, config: Self.config(good, rooms: #"{ client = "nosuchroom", volume = 10 }"#))
        #expect(try missing.request("start")["ok"] as? Bool == true)
        #expect(await missing.process.waitForLog(timeout: .seconds(10)) { $0.contains("room \"nosuchroom\" is not a client of the Snapcast server") })
        #expect(try missing.request("stop")["ok"] as? Bool == true)
        #expect(try await missing.waitForIdle(timeout: .seconds(20)))
        await missing.process.terminate()
        await good.stop()
    }

    @Test("an unreachable server, garbage, a refused request and a source that never reads: logged, and the daemon keeps serving")
    func misbehavingServers() async throws {
        let dir = try TemporaryDirectory("snapcast-hostile")
        defer { dir.remove() }
        let controlPort = try Loopback.freePort()
        let streamPort = try Loopback.freePort()
        let rooms = #"rooms = [{ client = "roomA", volume = 10 }, { client = "roomB", volume = 10 }]"#
        let settings = "[snapcast]\nserver = \"127.0.0.1\"\nstream_port = \(streamPort)\ncontrol_port = \(controlPort)\n\(rooms)\n"
        let daemon = try await HostileDaemon.launch(in: dir, config: settings)

        // Nothing listens yet.
        #expect(try daemon.request("start")["ok"] as? Bool == true)
        #expect(await daemon.process.waitForLog(timeout: .seconds(10)) {
            $0.contains("cannot reach the Snapcast server: connect() to 127.0.0.1:\(controlPort): Connection refused")
        })
        #expect(try daemon.request("status")["state"] as? String == "running")

        // Then a server comes up that sends garbage, refuses a room and never reads the audio.
        let fake = try LaunchedProcess(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [Paths.repositoryRoot.appendingPathComponent("Tests/WinddownIntegrationTests/Fixtures/misbehaving-snapserver.py").path,
             String(controlPort), String(streamPort)],
            logsIn: dir.url, name: "misbehaving-snapserver")
        #expect(await fake.waitForLog(timeout: .seconds(10)) { _ in Loopback.accepts(port: controlPort) })
        #expect(await daemon.process.waitForLog(timeout: .seconds(30)) { $0.contains("sent a line that is not JSON-RPC") && $0.contains("<html>not json-rpc") })
        #expect(await daemon.process.waitForLog(timeout: .seconds(10)) { $0.contains("refused the volume of room \"roomA\": Internal error: Client not found") })
        #expect(await daemon.process.waitForLog(timeout: .seconds(30)) { $0.contains("lost Snapcast server") && $0.contains("took no audio for 2 s") })
        #expect(try daemon.request("status")["state"] as? String == "running")
        #expect(try daemon.request("stop")["ok"] as? Bool == true)
        #expect(try await daemon.waitForIdle(timeout: .seconds(20)))
        #expect(try daemon.request("ping")["ok"] as? Bool == true)
        await daemon.process.terminate()
        await fake.terminate()
    }
}
