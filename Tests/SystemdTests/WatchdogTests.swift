import Glibc
import Systemd
import Testing

/// In child processes, like the notify tests: `WATCHDOG_*` is process-wide.
@Suite("Watchdog interval from WATCHDOG_USEC and WATCHDOG_PID")
struct WatchdogTests {
    @Test("WATCHDOG_USEC for this pid: the timeout, and half of it as the ping period")
    func enabled() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("WATCHDOG_USEC", "30000000")
                setEnvironment("WATCHDOG_PID", String(getpid()))
                let notifier = ServiceNotifier()
                let timeout = try notifier.watchdogTimeout
                let interval = try notifier.watchdogInterval
                #expect(timeout == .seconds(30))
                #expect(interval == .seconds(15))
            }
        }
    }

    @Test("WATCHDOG_USEC without WATCHDOG_PID applies too")
    func withoutPid() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("WATCHDOG_USEC", "3000")
                setEnvironment("WATCHDOG_PID", nil)
                let interval = try ServiceNotifier().watchdogInterval
                #expect(interval == .microseconds(1500))
            }
        }
    }

    @Test("no watchdog: unset, or meant for another process")
    func disabled() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("WATCHDOG_USEC", nil)
                setEnvironment("WATCHDOG_PID", nil)
                let unset = try ServiceNotifier().watchdogInterval
                #expect(unset == nil)
                setEnvironment("WATCHDOG_USEC", "30000000")
                setEnvironment("WATCHDOG_PID", String(getppid()))
                let otherProcess = try ServiceNotifier().watchdogInterval
                #expect(otherProcess == nil)
            }
        }
    }

    @Test("a malformed WATCHDOG_USEC is an error, not a silent 'no watchdog'")
    func malformed() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("WATCHDOG_USEC", "thirty")
                setEnvironment("WATCHDOG_PID", String(getpid()))
                #expect {
                    _ = try ServiceNotifier().watchdogInterval
                } throws: { error in
                    (error as? SystemdError).map { $0.call == "sd_watchdog_enabled" && $0.code == -EINVAL } == true
                }
            }
        }
    }
}
