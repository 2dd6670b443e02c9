import Foundation
import Testing
import WinddownCore

/// The routines in `config/routines/` and their clips in `sounds/prompts/`.
@Suite("The shipped routines")
struct ShippedRoutineTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let routinesFolder = repository.appendingPathComponent("config/routines").path
    static let promptsFolder = repository.appendingPathComponent("sounds/prompts").path

    static let names = ["acupressure", "demo", "foot-massage", "quick"]
    /// The demo (for `make demo`) is a minute long, below the 5-minute sessions `length` describes.
    static let sessionRoutines = names.filter { $0 != "demo" }

    static func load(_ name: String) throws -> Routine {
        try RoutineLibrary(folders: [routinesFolder]).load(.named(name))
    }

    @Test("exactly the expected routines are shipped")
    func theSet() {
        #expect(RoutineLibrary(folders: [Self.routinesFolder]).availableNames() == Self.names)
    }

    @Test("each parses, is named after its file, and fits the length it is written for", arguments: sessionRoutines)
    func parses(name: String) throws {
        let routine = try Self.load(name)
        #expect(routine.name == name)
        #expect(Set(routine.steps.map(\.id)).count == routine.steps.count)
        let length = try #require(routine.length)
        #expect(routine.fits(length), "\(name): needs \(routine.minimumLength.compactString), written for \(length.compactString)")
        #expect(routine.steps.first?.chime == true)
    }

    @Test("the default routine plays whole from ten minutes (caution included), abridged below, up to an hour")
    func footMassageRange() throws {
        let routine = try Self.load("foot-massage")
        #expect(routine.length == .seconds(15 * 60))
        #expect(routine.minimumLength + SessionCaution.reservedLength <= .seconds(10 * 60))
        #expect(routine.fits(.seconds(60 * 60)))
        // Below ten minutes the optional steps go, never the welcome with its "stop if anything hurts".
        let five = routine.abridged(toFit: .seconds(5 * 60), reserving: SessionCaution.reservedLength)
        #expect(five.routine.minimumLength + SessionCaution.reservedLength <= .seconds(5 * 60))
        #expect(five.routine.steps.map(\.id) == ["welcome", "arch-heel", "bubbling-spring", "sweep", "close"])
        #expect(five.routine.steps[0].text.contains("If anything hurts or feels wrong, stop"))
        #expect(routine.abridged(toFit: .seconds(10 * 60), reserving: SessionCaution.reservedLength).leftOut.isEmpty)
        let perFoot = routine.steps.filter(\.perFoot).map(\.id)
        #expect(perFoot == ["arch-heel", "toes", "ball", "reflex", "bubbling-spring", "tai-chong", "shen-men", "sweep"])
        #expect(routine.steps.filter(\.breathPacing).map(\.id) == ["bubbling-spring", "tai-chong", "shen-men"])
        #expect(routine.steps.filter(\.breathPacing).allSatisfy { $0.endText != nil })
    }

    @Test("the quick routine fits five minutes, the acupressure one six, the demo one")
    func shortRoutines() throws {
        #expect(try Self.load("quick").fits(.seconds(5 * 60)))
        #expect(try Self.load("acupressure").fits(.seconds(6 * 60)))
        #expect(try Self.load("demo").fits(.seconds(60)))
    }

    @Test("the caution names everyone who should ask a doctor first, and says to stop if it hurts")
    func caution() throws {
        let library = RoutineLibrary(folders: [Self.routinesFolder], dataDirectory: Self.repository.path)
        let text = try SessionCaution.text(in: library).get().lowercased()
        for phrase in [
            "diabetes", "numb or tingling", "clotting", "blood thinners", "open cuts", "skin infection", "varicose veins",
            "blood clot", "surgery", "swollen", "red", "inflamed", "stop whenever anything hurts", "ask a doctor",
        ] {
            #expect(text.contains(phrase), "the caution does not mention \(phrase)")
        }
        #expect(!text.contains { $0.isNumber })
    }

    @Test("spoken text has no digits or abbreviations for the speech engine to trip on", arguments: names)
    func speakableText(name: String) throws {
        for text in try Self.load(name).promptTexts {
            let hasDigit = text.contains { $0.isNumber }
            #expect(!hasDigit, "\(name): \(text)")
            #expect(!text.contains("e.g.") && !text.contains("etc."), "\(name): \(text)")
        }
    }

    @Test("every prompt has its clip, and there is no clip without a prompt")
    func clips() throws {
        var expected = Set<String>()
        for name in Self.names {
            for text in try Self.load(name).promptTexts { expected.insert(PromptKey.key(for: text) + ".ogg") }
        }
        let library = RoutineLibrary(folders: [Self.routinesFolder], dataDirectory: Self.repository.path)
        expected.insert(PromptKey.key(for: try SessionCaution.text(in: library).get()) + ".ogg")
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.promptsFolder).filter { $0.hasSuffix(".ogg") })
        #expect(expected.subtracting(present).isEmpty, "missing clips; run scripts/render-prompts.sh")
        #expect(present.subtracting(expected).isEmpty, "unused clips; run scripts/render-prompts.sh")
        let bytes = try present.reduce(0) { total, file in
            let attributes = try FileManager.default.attributesOfItem(atPath: Self.promptsFolder + "/" + file)
            return total + ((attributes[.size] as? Int) ?? 0)
        }
        #expect(bytes <= 8 * 1024 * 1024)
    }
}
