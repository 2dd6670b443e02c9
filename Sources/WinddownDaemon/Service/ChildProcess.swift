#if canImport(Glibc)
    import Glibc
#endif

/// Child processes started with posix_spawn from plain threads (never
/// swift-subprocess, which would start Swift's worker pool in the daemon):
/// this very program again for work that needs Swift concurrency, and
/// hooks. Each child gets only stdin, stdout and stderr, an empty signal
/// mask and default signal handling (the daemon ignores SIGPIPE, and an
/// ignored signal would stay ignored across exec).
enum ChildProcess {
    /// How a child is set up; the defaults inherit the daemon's environment
    /// and output.
    struct Options {
        /// `KEY=value` entries; nil: the daemon's own environment.
        var environment: [String]?
        /// Leads a process group of its own (its pid), so that it and
        /// everything it starts can be signalled at once.
        var ownProcessGroup = false
        /// stdin from /dev/null rather than the daemon's.
        var closedInput = false
        /// Where stdout and stderr go; nil: the daemon's.
        var output: Int32?
    }

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// The running executable, from /proc.
    static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts `executable` with `arguments`; returns its pid.
    static func spawn(_ executable: String, _ arguments: [String], _ options: Options = Options()) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if options.closedInput { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        if let output = options.output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        }
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signo in SignalPipe.handled + SignalPipe.ignored + [SIGCHLD] { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if options.ownProcessGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = options.environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnError(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    /// "Close every descriptor from 3 up": glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34+; Swift's Glibc
    /// module does not import it). Where it is missing, only descriptors
    /// marked close-on-exec stay out of the child.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// Exit status, or nil when it could not start or was killed at the timeout.
    static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Double) -> Int32? {
        guard let pid = try? spawn(executable, arguments) else { return nil }
        var status: Int32 = 0
        var waited = 0.0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if waited >= timeoutSeconds {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return nil
            }
            usleep(50_000)
            waited += 0.05
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil
    }
}
