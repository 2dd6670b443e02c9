import Foundation
import Testing
import WinddownCore

@Suite("Ogg comments: who spoke a clip")
struct OggCommentsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One Ogg page holding `packets`, each laced into 255-byte segments.
    static func page(_ packets: [[UInt8]], serial: UInt8 = 7) -> [UInt8] {
        var table: [UInt8] = []
        for packet in packets {
            table += [UInt8](repeating: 255, count: packet.count / 255) + [UInt8(packet.count % 255)]
        }
        return Array("OggS".utf8) + [0, 0] + [UInt8](repeating: 0, count: 8) + [serial, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
            + [UInt8(table.count)] + table + packets.joined()
    }

    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    static func commentPacket(vendor: String, _ fields: [String]) -> [UInt8] {
        var packet = [3] + Array("vorbis".utf8) + le32(vendor.utf8.count) + Array(vendor.utf8) + le32(fields.count)
        for field in fields { packet += le32(field.utf8.count) + Array(field.utf8) }
        return packet + [1]
    }

    @Test("reads the vendor and fields of a comment packet laced over several segments")
    func reads() throws {
        let long = "DESCRIPTION=" + String(repeating: "a calm voice ", count: 40)
        let bytes = Self.page([[1] + Array("vorbis".utf8) + [UInt8](repeating: 0, count: 23)])
            + Self.page([Self.commentPacket(vendor: "test", ["TTS_ENGINE=piper", long, "tts_voice=en_US-joe-medium"])])
        let comments = try OggComments(oggPrefix: bytes)
        #expect(comments.vendor == "test")
        #expect(comments.value("TTS_ENGINE") == "piper" && comments.value("TTS_VOICE") == "en_US-joe-medium")
        #expect(comments.fields.count == 3 && comments.value("DESCRIPTION")?.count == long.count - 12)
    }

    @Test("truncated, foreign or lying input is an error, never a trap", arguments: [
        ("empty", [UInt8]()),
        ("not ogg", Array("RIFF....WAVEfmt ".utf8)),
        ("one packet only", OggCommentsTests.page([[1] + Array("vorbis".utf8)])),
        ("not a comment header", OggCommentsTests.page([[1], Array("hello".utf8)])),
        ("huge length", OggCommentsTests.page([[1], [3] + Array("vorbis".utf8) + [255, 255, 255, 255]])),
        ("too many comments", OggCommentsTests.page([[1], [3] + Array("vorbis".utf8) + OggCommentsTests.le32(0) + OggCommentsTests.le32(1 << 30)])),
    ])
    func refuses(name: String, bytes: [UInt8]) {
        #expect(throws: OggCommentError.self, "\(name)") { try OggComments(oggPrefix: bytes) }
    }

    @Test("the shipped clips say Piper's en_US-joe-medium spoke them, and agree with sox's soxi -a")
    func shippedClips() throws {
        let folder = Self.repository.appendingPathComponent("sounds/prompts")
        let clips = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ogg") }.sorted()
        #expect(!clips.isEmpty)
        for clip in clips {
            let path = folder.appendingPathComponent(clip).path
            let comments = try OggComments(oggPrefix: try FileSystem.prefix(of: path, length: OggComments.prefixLength))
            #expect(comments.value("TTS_ENGINE") == "piper" && comments.value("TTS_VOICE") == "en_US-joe-medium", "\(clip)")
        }
        // A second reader nobody here wrote: sox.
        let soxi = Process()
        soxi.executableURL = URL(fileURLWithPath: "/usr/bin/soxi")
        soxi.arguments = ["-a", folder.appendingPathComponent(clips[0]).path]
        let pipe = Pipe()
        soxi.standardOutput = pipe
        try soxi.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        soxi.waitUntilExit()
        let theirs = output.split(separator: "\n").map(String.init)
        let path = folder.appendingPathComponent(clips[0]).path
        let ours = try OggComments(oggPrefix: try FileSystem.prefix(of: path, length: OggComments.prefixLength)).fields.map {
            "\($0.key)=\($0.value)"
        }
        #expect(ours == theirs)
    }
}
