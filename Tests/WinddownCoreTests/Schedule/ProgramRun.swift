#if canImport(Glibc)
    import Glibc
#endif

/// How a program run by `runProgram` ended, with its standard output and error together.
struct ProgramRun {
    var status: Int32
    var output: String
}

/// The first of `candidates` that is an executable file.
func findProgram(_ candidates: [String]) -> String? {
    candidates.first { access($0, X_OK) == 0 }
}

/// Runs `path` with `arguments` and exactly `environment`, stdin from
/// /dev/null, stdout and stderr into one pipe; waits for its end. Plain
/// posix_spawn: the tests stay Foundation-free.
func runProgram(_ path: String, _ arguments: [String], environment: [String]) -> ProgramRun? {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return nil }
    let (readEnd, writeEnd) = (fds[0], fds[1])
    _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
    _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    // dup2 clears close-on-exec on the copies, so only 0, 1 and 2 reach the child.
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let spawned = posix_spawn(&child, path, &actions, nil, argv, envp)
    close(writeEnd)
    defer { close(readEnd) }
    guard spawned == 0 else { return nil }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    let exited = status & 0x7f == 0
    return ProgramRun(status: exited ? (status >> 8) & 0xff : -1, output: String(decoding: bytes, as: UTF8.self))
}
