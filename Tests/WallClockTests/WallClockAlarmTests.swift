#if canImport(Glibc)
    import Glibc
#endif
import Testing
import WallClock

/// The alarm on the real kernel clock: it fires at the armed moment and not
/// before, wakes on request and on a watched file, and stays quiet when
/// disarmed or when an unrelated file changes.
@Suite("the wall-clock alarm")
struct WallClockAlarmTests {
    /// Now plus `milliseconds`, as seconds and nanoseconds.
    static func later(_ milliseconds: Int) -> (seconds: Int64, nanoseconds: Int) {
        let now = WallClockNow.read()
        let total = Int64(now.nanoseconds) + Int64(milliseconds) * 1_000_000
        return (now.seconds + total / 1_000_000_000, Int(total % 1_000_000_000))
    }

    static func nanoseconds(_ moment: (seconds: Int64, nanoseconds: Int)) -> Int64 {
        moment.seconds * 1_000_000_000 + Int64(moment.nanoseconds)
    }

    /// Calls `wake()` after `milliseconds` from a thread of its own: not a
    /// task, since the test's own thread is blocked in `wait()` meanwhile and
    /// the cooperative pool may have no other thread to run one on.
    static func wake(_ alarm: WallClockAlarm, after milliseconds: UInt32) {
        final class Request {
            let alarm: WallClockAlarm
            let milliseconds: UInt32
            init(_ alarm: WallClockAlarm, _ milliseconds: UInt32) {
                self.alarm = alarm
                self.milliseconds = milliseconds
            }
        }
        var thread = pthread_t()
        let request = Unmanaged.passRetained(Request(alarm, milliseconds)).toOpaque()
        pthread_create(&thread, nil, { raw in
            let request = Unmanaged<Request>.fromOpaque(raw!).takeRetainedValue()
            usleep(request.milliseconds * 1000)
            request.alarm.wake()
            return nil
        }, request)
        pthread_detach(thread)
    }

    @Test("is due at the armed moment, not before")
    func due() throws {
        let alarm = try WallClockAlarm()
        let deadline = Self.later(300)
        try alarm.arm(atEpochSeconds: deadline.seconds, nanoseconds: deadline.nanoseconds)
        #expect(alarm.wait() == .due)
        let late = Self.nanoseconds(WallClockNow.read()) - Self.nanoseconds(deadline)
        #expect(late >= 0, "woke \(-late) ns early")
        #expect(late < 1_000_000_000, "woke \(late) ns late")
    }

    @Test("a moment already past is due at once")
    func past() throws {
        let alarm = try WallClockAlarm()
        try alarm.arm(atEpochSeconds: WallClockNow.read().seconds - 3600)
        #expect(alarm.wait() == .due)
    }

    @Test("disarmed, only wake() ends the wait")
    func disarmed() throws {
        let alarm = try WallClockAlarm()
        let deadline = Self.later(100)
        try alarm.arm(atEpochSeconds: deadline.seconds, nanoseconds: deadline.nanoseconds)
        try alarm.arm(atEpochSeconds: nil)
        Self.wake(alarm, after: 400)
        #expect(alarm.wait() == .woken)
    }

    @Test("re-arming moves the moment")
    func rearm() throws {
        let alarm = try WallClockAlarm()
        try alarm.arm(atEpochSeconds: WallClockNow.read().seconds + 3600)
        let deadline = Self.later(200)
        try alarm.arm(atEpochSeconds: deadline.seconds, nanoseconds: deadline.nanoseconds)
        #expect(alarm.wait() == .due)
        #expect(Self.nanoseconds(WallClockNow.read()) >= Self.nanoseconds(deadline))
    }

    @Test("a watched file that is replaced wakes it; another file does not")
    func watchedFile() throws {
        var template = Array("/tmp/winddown-wallclock-XXXXXX".utf8CString)
        let folder = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer {
            for name in ["localtime", "localtime.new", "unrelated"] { unlink(folder + "/" + name) }
            rmdir(folder)
        }
        let alarm = try WallClockAlarm(watching: folder, names: ["localtime"])
        #expect(alarm.isWatching)

        // An unrelated file: no wake, so the later wake() is what returns.
        close(open(folder + "/unrelated", O_CREAT | O_WRONLY, 0o644))
        Self.wake(alarm, after: 300)
        #expect(alarm.wait() == .woken)

        // Replaced the way timedatectl and package scripts do it: a new link renamed over the old name.
        symlink("/usr/share/zoneinfo/Europe/Berlin", folder + "/localtime.new")
        rename(folder + "/localtime.new", folder + "/localtime")
        #expect(alarm.wait() == .watchedFileChanged)
    }

    @Test("a folder that cannot be watched is not an error")
    func unwatchable() throws {
        let alarm = try WallClockAlarm(watching: "/nonexistent/winddown", names: ["localtime"])
        #expect(!alarm.isWatching)
    }
}
