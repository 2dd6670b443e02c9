import Foundation
import Testing
import WinddownCore

@Suite("Finding routines")
struct RoutineLibraryTests {
    static let routine = "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n"

    /// Two folders: `user` with `evening`, and `shipped` with `evening` and `quick`.
    func makeFolders() throws -> (user: String, shipped: String) {
        let root = try makeTemporaryFolder()
        try writeFile(Self.routine.replacingOccurrences(of: "\"T\"", with: "\"Mine\""), to: root.appendingPathComponent("user/evening.toml"))
        try writeFile(Self.routine, to: root.appendingPathComponent("shipped/evening.toml"))
        try writeFile(Self.routine, to: root.appendingPathComponent("shipped/quick.toml"))
        try writeFile("not a routine", to: root.appendingPathComponent("shipped/notes.txt"))
        try writeFile(Self.routine, to: root.appendingPathComponent("shipped/.hidden.toml"))
        return (root.appendingPathComponent("user").path, root.appendingPathComponent("shipped").path)
    }

    @Test("a name is looked up in the folders in order; the first wins")
    func lookupOrder() throws {
        let (user, shipped) = try makeFolders()
        let library = RoutineLibrary(folders: [user, "/nonexistent/routines", shipped])
        #expect(try library.path(for: .named("evening")) == user + "/evening.toml")
        #expect(try library.load(.named("evening")).title == "Mine")
        #expect(try library.path(for: .named("quick")) == shipped + "/quick.toml")
        #expect(try library.path(for: .named("quick.toml")) == shipped + "/quick.toml")
        #expect(library.availableNames() == ["evening", "quick"])
    }

    @Test("an unknown name lists the available ones and guesses")
    func unknownName() throws {
        let (user, shipped) = try makeFolders()
        let library = RoutineLibrary(folders: [user, shipped])
        #expect(library.problem(for: .named("quik")) == "no routine named \"quik\"; did you mean \"quick\"?; available: evening, quick")
        #expect(library.problem(for: .named("../etc/passwd")) != nil)
        #expect(library.problem(for: .named(".hidden")) != nil)
        #expect(library.problem(for: .named("evening")) == nil)
        let empty = RoutineLibrary(folders: ["/nonexistent/a"])
        #expect(empty.problem(for: .named("x")) == "no routine named \"x\"; no routines were found in /nonexistent/a")
    }

    @Test("a path is read as it is, and its problems come with file and line")
    func pathReference() throws {
        let root = try makeTemporaryFolder()
        let path = root.appendingPathComponent("mine.toml").path
        try writeFile("title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\nshare = 1\nchime = 1\n", to: URL(fileURLWithPath: path))
        let library = RoutineLibrary(folders: [])
        #expect(library.problem(for: .file(path: path)) == """
            \(path):2: steps[1] (a).text: is missing; add the text spoken when the step begins; \
            \(path):6: steps[1] (a).chime: expected true or false, found integer 1
            """)
        #expect(library.problem(for: .file(path: root.path)) == "\(root.path): is a folder, not a routine file")
        #expect(library.problem(for: .file(path: path + ".missing")) == "\(path).missing: no such file")
    }

    @Test("the standard folders: the user's (not for root), the system's, the data folder's")
    func standardFolders() throws {
        let root = try makeTemporaryFolder()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("routines"), withIntermediateDirectories: true)
        let environment = ["WINDDOWN_DATA_DIR": root.path, "XDG_CONFIG_HOME": "/home/u/.cfg", "HOME": "/home/u"]
        let user = RoutineLibrary.standard(environment: { environment[$0] }, executablePath: nil, isRoot: false)
        #expect(user.folders == ["/home/u/.cfg/winddown/routines", "/etc/winddown/routines", root.path + "/routines"])
        #expect(user.dataDirectory == root.path)
        let noXDG = RoutineLibrary.standard(environment: { $0 == "HOME" ? "/home/u" : nil }, executablePath: nil, isRoot: false)
        #expect(noXDG.folders == ["/home/u/.config/winddown/routines", "/etc/winddown/routines"])
        #expect(noXDG.dataDirectory == nil)
        let system = RoutineLibrary.standard(environment: { environment[$0] }, executablePath: nil, isRoot: true)
        #expect(system.folders == ["/etc/winddown/routines", root.path + "/routines"])
    }

    @Test("the data folder: share/winddown beside bin, else a source tree above the program")
    func dataDirectory() throws {
        let root = try makeTemporaryFolder().path
        let none: (String) -> String? = { _ in nil }
        try FileManager.default.createDirectory(atPath: root + "/usr/share/winddown", withIntermediateDirectories: true)
        #expect(RoutineLibrary.dataDirectory(environment: none, executablePath: root + "/usr/bin/winddownd") == root + "/usr/share/winddown")

        try FileManager.default.createDirectory(atPath: root + "/repo/config/routines", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/repo/.build/x86_64/debug", withIntermediateDirectories: true)
        let built = root + "/repo/.build/x86_64/debug/winddownd"
        #expect(RoutineLibrary.dataDirectory(environment: none, executablePath: built) == root + "/repo")
        let library = RoutineLibrary.standard(environment: none, executablePath: built, isRoot: true)
        #expect(library.folders.last == root + "/repo/config/routines")

        #expect(RoutineLibrary.dataDirectory(environment: none, executablePath: root + "/elsewhere/bin/x") == nil)
        #expect(RoutineLibrary.dataDirectory(environment: { $0 == "WINDDOWN_DATA_DIR" ? "/opt/wd" : nil }, executablePath: built) == "/opt/wd")
    }

    @Test("the running test program finds this source tree's routines")
    func runningProgram() {
        let library = RoutineLibrary.standard(environment: { _ in nil }, isRoot: true)
        #expect(library.availableNames().contains("foot-massage"))
        #expect(library.dataDirectory.map { FileManager.default.fileExists(atPath: $0 + "/sounds/prompts") } == true)
    }
}
