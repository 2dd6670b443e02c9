import Foundation
import Logging
import Testing
import WinddownCore
@testable import WinddownDaemon

/// Every shipped routine, laid out with its real shipped clips at every
/// length a person may choose, with and without the opening caution.
@Suite("Shipped routines at every length, with their shipped clips")
struct ShippedRoutineLengthTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let library = RoutineLibrary(
        folders: [repository.appendingPathComponent("config/routines").path], dataDirectory: repository.path)
    static let lengths = [5, 10, 15, 30, 60]

    static func timeline(_ routine: String, minutes: Int, caution: CautionPolicy) throws -> SessionTimeline {
        var configuration = Configuration.defaults
        configuration.session.routine = .named(routine)
        configuration.session.duration = .seconds(minutes * 60)
        configuration.session.caution = caution
        var missing = false
        let prepared = try PreparedSession.prepareSynchronously(
            configuration: configuration, library: library, seed: 1, cautionHeard: false, logger: Logger(label: "test")
        ) { missing = true }
        #expect(!missing, "\(routine): a prompt has no shipped clip (run scripts/render-prompts.sh)")
        return try prepared.timeline(sampleRate: 48_000)
    }

    @Test("each fits 5, 10, 15, 30 and 60 minutes; every prompt is voiced and ends inside its own step", arguments: ["acupressure", "demo", "foot-massage", "quick"])
    func everyLength(routine: String) throws {
        for minutes in Self.lengths {
            for caution in [CautionPolicy.always, .off] {
                let timeline = try Self.timeline(routine, minutes: minutes, caution: caution)
                let label = "\(routine) at \(minutes)m, caution \(caution)"
                #expect(timeline.guidedEnd == Int64(minutes * 60 * 48_000), "\(label)")
                #expect(timeline.prompts.allSatisfy { $0.hasAudio }, "\(label): a prompt without a clip")
                for prompt in timeline.prompts {
                    let step = timeline.steps[prompt.step]
                    #expect(prompt.start >= step.start && prompt.end <= step.end, "\(label): \"\(prompt.text.prefix(30))\" runs past \(step.id)")
                }
                #expect((timeline.steps.first?.id == SessionTimeline.cautionStepID) == (caution == .always), "\(label)")
                #expect(timeline.prompts.filter { $0.role == .caution }.count == (caution == .always ? 1 : 0), "\(label)")
            }
        }
    }

    @Test("foot-massage at ten minutes, with the first night's caution, holds all eight steps and the three points")
    func footMassageAtTen() throws {
        let timeline = try Self.timeline("foot-massage", minutes: 10, caution: .always)
        #expect(timeline.leftOut.isEmpty)
        let said = timeline.prompts.map { $0.text.lowercased() }.joined(separator: " ")
        for phrase in [
            "warm water", "cosy spot", "oil or lotion", "lavender", "arch", "heel", "toe", "ball of your left foot",
            "count of three to five", "sweep", "bubbling spring, kidney one", "tai chong, liver three", "shen men, heart seven",
            "breathe with the tone",
        ] {
            #expect(said.contains(phrase), "the ten-minute session never says \"\(phrase)\"")
        }
    }

    @Test("the caution's step, with the shipped clip, fits the room check-config leaves for it")
    func cautionRoom() throws {
        let timeline = try Self.timeline("quick", minutes: 5, caution: .always)
        let caution = try #require(timeline.steps.first)
        #expect(caution.id == SessionTimeline.cautionStepID)
        #expect(timeline.seconds(caution.end - caution.start) <= SessionCaution.reservedLength / .seconds(1))
    }

    @Test("below ten minutes foot-massage is abridged in the routine's stated order and keeps its safety line")
    func footMassageAbridged() throws {
        let five = try Self.timeline("foot-massage", minutes: 5, caution: .always)
        #expect(five.leftOut == ["warm-water", "settle", "oil", "toes", "ball", "reflex", "tai-chong", "shen-men"])
        #expect(five.prompts.contains { $0.text.contains("If anything hurts or feels wrong, stop") })
        let seven = try Self.timeline("foot-massage", minutes: 7, caution: .off)
        #expect(seven.leftOut == ["warm-water", "settle", "ball", "reflex"])
    }

    @Test("longer sessions give the holds and the massage more time, the points up to a minute per foot")
    func growsWithLength() throws {
        func length(_ timeline: SessionTimeline, _ id: String) -> Double {
            timeline.seconds(timeline.steps.filter { $0.id == id }.reduce(0) { $0 + $1.end - $1.start })
        }
        let fifteen = try Self.timeline("foot-massage", minutes: 15, caution: .off)
        let sixty = try Self.timeline("foot-massage", minutes: 60, caution: .off)
        for id in ["arch-heel", "toes", "ball", "reflex", "sweep", "bubbling-spring"] {
            #expect(length(sixty, id) > length(fifteen, id), "\(id) does not grow")
        }
        #expect(length(sixty, "bubbling-spring") == 120)
        #expect(length(fifteen, "bubbling-spring") >= 60)
    }
}
