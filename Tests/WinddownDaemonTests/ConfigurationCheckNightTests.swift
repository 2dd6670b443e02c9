import Foundation
import Testing
import WinddownCore
import WinddownDaemon

/// `check-config` judges every night the schedule may play, weekday tables included.
@Suite("check-config and the weekday tables")
struct ConfigurationCheckNightTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let library = RoutineLibrary(
        folders: [repository.appendingPathComponent("config/routines").path], dataDirectory: repository.path)

    static func problems(_ text: String) throws -> [String] {
        ConfigurationCheck.problems(in: try Configuration.parse(text, file: "w.toml"), file: "w.toml", library: library)
    }

    @Test("a day's routine that does not exist, or does not fit that day's length, is named with the day")
    func nights() throws {
        #expect(try Self.problems("[schedule]\nfri = { routine = \"quick\", duration = \"5m\" }\n") == [])
        let missing = try Self.problems("[schedule]\nsat = { routine = \"no-such-routine\" }\n")
        #expect(missing.count == 1 && missing[0].hasPrefix("w.toml: schedule.sat: "), "\(missing)")
        #expect(missing.first?.contains("no-such-routine") == true, "\(missing)")
    }

    @Test("every shipped routine fits five minutes with room for the first night's caution")
    func shippedFit() throws {
        for routine in ["foot-massage", "quick", "acupressure"] {
            #expect(try Self.problems("[session]\nroutine = \"\(routine)\"\nduration = \"5m\"\n") == [], "\(routine)")
        }
    }
}
