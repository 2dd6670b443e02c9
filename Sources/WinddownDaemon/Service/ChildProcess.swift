#if canImport(Glibc)
    import Glibc
#endif

/// Runs this very program again as a child and waits for it, with a
/// timeout: how the daemon hands work that needs Swift concurrency (a
/// speech engine through swift-subprocess) to a short-lived process.
enum ChildProcess {
    /// The running executable, from /proc.
    static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Exit status, or nil when it could not start or was killed at the timeout.
    static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Double) -> Int32? {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, nil, nil, argv, environ) == 0 else { return nil }
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
