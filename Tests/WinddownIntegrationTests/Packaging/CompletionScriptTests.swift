import Foundation
import Testing

/// The completion scripts the programs print (swift-argument-parser's), as
/// install-docs.sh installs them: loaded by the real shells, and driven in
/// bash the way bash-completion drives them on Tab.
@Suite("shell completions")
struct CompletionScriptTests {
    static let programs = ["winddownd", "winddownctl", "winddown-mqtt", "winddown-web", "winddown-mpris"]

    static func script(_ program: String, _ shell: String, in dir: TemporaryDirectory) async throws -> URL {
        let binary = try Paths.daemon().deletingLastPathComponent().appendingPathComponent(program)
        let result = try await run(binary, ["--generate-completion-script", shell], logsIn: dir.url)
        try #require(result.exitedCleanly && !result.stdout.isEmpty, "\(result)")
        return try dir.write(result.stdout, to: "\(program).\(shell)")
    }

    /// What bash offers for `line` (Tab at its end), with the programs on PATH
    /// and HOME in `dir`.
    static func bashCompletes(
        _ line: String, with script: URL, in dir: TemporaryDirectory, environment: [String: String?] = [:]
    ) async throws -> [String] {
        let driver = """
            source "$1"
            line=$2
            function=$(complete -p "${line%% *}" | sed -E 's/.* -F ([^ ]+) .*/\\1/')
            read -ra COMP_WORDS <<<"$line"
            [[ $line == *' ' ]] && COMP_WORDS+=('')
            COMP_LINE=$line
            COMP_POINT=${#line}
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMPREPLY=()
            "$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bin = try Paths.daemon().deletingLastPathComponent()
        let bash = try #require(tool("bash"))
        let result = try await run(
            bash, ["--norc", "--noprofile", "-c", driver, "bash", script.path, line],
            environment: ["PATH": "\(bin.path):/usr/bin:/bin", "HOME": dir.path, "XDG_CONFIG_HOME": nil]
                .merging(environment) { $1 },
            logsIn: dir.url)
        #expect(result.exitedCleanly && result.stderr.isEmpty, "\(result)")
        return result.stdoutLines
    }

    @Test("every program's bash, zsh and fish scripts load in those shells without a word on stderr")
    func scriptsLoad() async throws {
        let dir = try TemporaryDirectory("completion-load")
        defer { dir.remove() }
        let bash = try #require(tool("bash"))
        let zsh = try #require(tool("zsh"), "zsh is missing: apt-get install zsh")
        let fish = try #require(tool("fish"), "fish is missing: apt-get install fish")
        for program in Self.programs {
            let forBash = try await Self.script(program, "bash", in: dir)
            let loaded = try await run(bash, ["--norc", "--noprofile", "-c", "source \"$1\" && complete -p \(program)", "bash", forBash.path], logsIn: dir.url)
            #expect(loaded.exitedCleanly && loaded.stderr.isEmpty && loaded.stdout.contains(program), "\(loaded)")

            let forZsh = try await Self.script(program, "zsh", in: dir)
            let zshLoad = "autoload -Uz compinit && compinit -u -d \"$2\" && source \"$1\" && (( $+functions[_\(program)] ))"
            let zshLoaded = try await run(zsh, ["-f", "-c", zshLoad, "zsh", forZsh.path, dir.file("zcompdump").path], logsIn: dir.url)
            #expect(zshLoaded.exitedCleanly && zshLoaded.stderr.isEmpty, "\(zshLoaded)")

            let forFish = try await Self.script(program, "fish", in: dir)
            let fishLoaded = try await run(fish, ["--no-config", "-c", "source $argv[1]; and complete -c \(program) | string match -q '*'", forFish.path], logsIn: dir.url)
            #expect(fishLoaded.exitedCleanly && fishLoaded.stderr.isEmpty, "\(fishLoaded)")
        }
    }

    @Test("bash completes `winddownctl st` to start, status and stop, and fish offers the same")
    func subcommands() async throws {
        let dir = try TemporaryDirectory("completion-st")
        defer { dir.remove() }
        let script = try await Self.script("winddownctl", "bash", in: dir)
        #expect(try await Self.bashCompletes("winddownctl st", with: script, in: dir).sorted() == ["start", "status", "stop"])
        #expect(try await Self.bashCompletes("winddownctl start --d", with: script, in: dir) == ["--duration"])

        let fish = try #require(tool("fish"), "fish is missing: apt-get install fish")
        let forFish = try await Self.script("winddownctl", "fish", in: dir)
        let offered = try await run(fish, ["--no-config", "-c", "source $argv[1]; complete -C 'winddownctl st'", forFish.path], logsIn: dir.url)
        let words = offered.stdoutLines.map { String($0.prefix { $0 != "\t" }) }
        #expect(words.sorted() == ["start", "status", "stop"], "\(offered)")
    }

    @Test("routine names come from the routine folders; sounds are the built-in names and audio paths")
    func routinesAndSounds() async throws {
        let dir = try TemporaryDirectory("completion-names")
        defer { dir.remove() }
        try FileManager.default.createDirectory(at: dir.file("data/routines"), withIntermediateDirectories: true)
        try dir.write("title = \"Mine\"\n", to: "data/routines/my-evening.toml")
        try FileManager.default.createDirectory(at: dir.file("sounds"), withIntermediateDirectories: true)
        try Data().write(to: dir.file("sounds/surf.flac"))
        try Data().write(to: dir.file("sounds/notes.txt"))

        let client = try await Self.script("winddownctl", "bash", in: dir)
        // The shipped ones, found beside the program (in the source tree here).
        let shipped = try await Self.bashCompletes("winddownctl start --routine ", with: client, in: dir)
        #expect(Set(["foot-massage", "quick", "acupressure", "demo"]).isSubset(of: shipped), "\(shipped)")
        // Another data folder: its routines, read at Tab time.
        let elsewhere = ["WINDDOWN_DATA_DIR": dir.file("data").path]
        let mine = try await Self.bashCompletes("winddownctl start --routine m", with: client, in: dir, environment: elsewhere)
        #expect(mine == ["my-evening"])

        let daemon = try await Self.script("winddownd", "bash", in: dir)
        #expect(try await Self.bashCompletes("winddownd render --routine qu", with: daemon, in: dir) == ["quick"])
        #expect(try await Self.bashCompletes("winddownd play --sound r", with: daemon, in: dir) == ["rain"])
        let sounds = dir.file("sounds").path + "/"
        #expect(try await Self.bashCompletes("winddownd render --sound \(sounds)", with: daemon, in: dir) == [sounds + "surf.flac"])
        #expect(try await Self.bashCompletes("winddownd render --caution a", with: daemon, in: dir) == ["always"])
    }
}
