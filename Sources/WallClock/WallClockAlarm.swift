#if canImport(Glibc)
    import Glibc
#endif
import CLinux

/// Sleeps until a moment on the wall clock, and wakes early when that clock
/// is set (an NTP step, a manual change, a resume from suspend), when a
/// watched file changes (the system's time zone), or when another thread
/// asks. Built on a `timerfd` with `TFD_TIMER_CANCEL_ON_SET`, an `eventfd`
/// and `inotify`, so waiting costs no wake-ups at all: nothing polls.
///
/// One thread waits; any thread may `arm` and `wake`.
public final class WallClockAlarm: @unchecked Sendable {
    // @unchecked: the descriptors never change after init, and the calls made
    // on them (timerfd_settime, write to an eventfd) are safe from any thread.

    /// Why `wait()` returned.
    public enum Wake: Equatable, Sendable {
        /// The armed moment has come.
        case due
        /// The wall clock was set, or the machine resumed: the armed moment
        /// no longer means what it did, so decide again and re-arm.
        case clockChanged
        /// A watched file (such as `/etc/localtime`) was replaced or changed.
        case watchedFileChanged
        /// `wake()` was called.
        case woken
    }

    private let timer: Int32
    private let waker: Int32
    private let watcher: Int32?
    private let watchedNames: Set<String>

    /// `folder` and `names`: wake with `.watchedFileChanged` when one of
    /// these files in that folder is created, replaced, written or removed
    /// (the folder is watched, since tools replace `/etc/localtime` by renaming).
    public init(watching folder: String? = nil, names: Set<String> = []) throws(WallClockError) {
        timer = timerfd_create(CLOCK_REALTIME, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard timer >= 0 else { throw WallClockError(call: "timerfd_create") }
        waker = eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK))
        guard waker >= 0 else {
            let error = WallClockError(call: "eventfd")
            close(timer)
            throw error
        }
        watchedNames = names
        if let folder {
            let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
            let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVED_FROM)
            if fd >= 0 && inotify_add_watch(fd, folder, mask) >= 0 {
                watcher = fd
            } else {
                // Not fatal for a clock: the time zone is then only re-read on reload.
                if fd >= 0 { close(fd) }
                watcher = nil
            }
        } else {
            watcher = nil
        }
    }

    deinit {
        close(timer)
        close(waker)
        if let watcher { close(watcher) }
    }

    /// Whether the folder given to `init` is being watched.
    public var isWatching: Bool { watcher != nil }

    /// Arms the alarm for `epochSeconds` (UTC seconds since 1970) plus
    /// `nanoseconds`; nil disarms it. A moment already past is due at once.
    public func arm(atEpochSeconds epochSeconds: Int64?, nanoseconds: Int = 0) throws(WallClockError) {
        var setting = itimerspec()
        var flags: Int32 = 0
        if let epochSeconds {
            setting.it_value.tv_sec = Int(epochSeconds)
            setting.it_value.tv_nsec = nanoseconds
            // A zero it_value disarms; the epoch itself is never a real deadline.
            if epochSeconds <= 0 && nanoseconds == 0 { setting.it_value.tv_nsec = 1 }
            flags = Int32(TFD_TIMER_ABSTIME) | winddown_tfd_timer_cancel_on_set()
        }
        // The cancel-on-set flag can refuse with ECANCELED when the clock was
        // set since the last read: drain that notice and arm again.
        for _ in 0..<3 {
            if timerfd_settime(timer, flags, &setting, nil) == 0 { return }
            guard errno == ECANCELED else { break }
            drainTimer()
        }
        throw WallClockError(call: "timerfd_settime")
    }

    /// Blocks until one of the reasons in `Wake`; never wakes otherwise.
    public func wait() -> Wake {
        while true {
            var fds = [pollfd(fd: timer, events: Int16(POLLIN), revents: 0), pollfd(fd: waker, events: Int16(POLLIN), revents: 0)]
            if let watcher { fds.append(pollfd(fd: watcher, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                // poll only fails on bad arguments; do not spin.
                usleep(100_000)
                continue
            }
            if fds[1].revents != 0 {
                var count: UInt64 = 0
                _ = read(waker, &count, 8)
                return .woken
            }
            if fds[0].revents != 0 {
                switch drainTimer() {
                case .expired: return .due
                case .canceled: return .clockChanged
                case .nothing: break
                }
            }
            if fds.count > 2, fds[2].revents != 0, drainWatcher() { return .watchedFileChanged }
        }
    }

    /// Makes the waiting thread return `.woken` (from any thread).
    public func wake() {
        var one: UInt64 = 1
        _ = write(waker, &one, 8)
    }

    private enum TimerRead { case expired, canceled, nothing }

    @discardableResult
    private func drainTimer() -> TimerRead {
        var expirations: UInt64 = 0
        let got = read(timer, &expirations, 8)
        if got == 8 { return .expired }
        return got < 0 && errno == ECANCELED ? .canceled : .nothing
    }

    /// Reads the pending change notices; true when one names a watched file.
    private func drainWatcher() -> Bool {
        guard let watcher else { return false }
        var matched = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(watcher, $0.baseAddress, $0.count) }
            guard got > 0 else { return matched }
            var offset = 0
            // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of NUL-padded name.
            while offset + 16 <= got {
                let length = buffer.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)) }
                let start = offset + 16
                let nameBytes = buffer[start..<min(start + length, got)].prefix { $0 != 0 }
                if watchedNames.contains(String(decoding: nameBytes, as: UTF8.self)) { matched = true }
                offset = start + length
            }
        }
    }
}

/// A Linux call the alarm depends on failed.
public struct WallClockError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// With the `errno` the failed call left.
    init(call: String) { self.init(call: call, code: errno) }

    public var description: String { "\(call)() failed: \(String(cString: strerror(code)))" }
}
