import Glibc
import Systemd
import Testing

/// Every test that sets `NOTIFY_SOCKET` or `WATCHDOG_*` runs in a child
/// process (an exit test): the environment is process-wide, and the test
/// process also runs other suites that start daemons and hooks in parallel.
@Suite("Notify protocol: the datagrams systemd would read")
struct ServiceNotifierTests {
    @Test("READY=1 with STATUS= in one datagram")
    func ready() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let listener = try NotifyListener()
                defer { listener.close() }
                setEnvironment("NOTIFY_SOCKET", listener.path)
                let notifier = ServiceNotifier()
                #expect(notifier.isActive)
                try notifier.ready(status: "idle, next wind-down Tue 22:30")
                #expect(listener.receive() == "READY=1\nSTATUS=idle, next wind-down Tue 22:30")
            }
        }
    }

    @Test("STATUS= alone, with line breaks flattened so the line protocol holds")
    func status() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let listener = try NotifyListener()
                defer { listener.close() }
                setEnvironment("NOTIFY_SOCKET", listener.path)
                try ServiceNotifier().status("running: step 4/12 Toes,\n9:40 left")
                #expect(listener.receive() == "STATUS=running: step 4/12 Toes, 9:40 left")
            }
        }
    }

    @Test("RELOADING=1 carries MONOTONIC_USEC close to CLOCK_MONOTONIC now")
    func reloading() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let listener = try NotifyListener()
                defer { listener.close() }
                setEnvironment("NOTIFY_SOCKET", listener.path)
                let before = monotonicMicrosecondsNow()
                try ServiceNotifier().reloading()
                let after = monotonicMicrosecondsNow()
                let lines = (listener.receive() ?? "").split(separator: "\n").map(String.init)
                #expect(lines.count == 2)
                #expect(lines.first == "RELOADING=1")
                let stamp = lines.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil }
                #expect(stamp.map { (before...after).contains($0) } == true, "\(lines) not within \(before)...\(after)")
            }
        }
    }

    @Test("STOPPING=1 and WATCHDOG=1, one datagram each, in order")
    func stoppingAndWatchdog() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let listener = try NotifyListener()
                defer { listener.close() }
                setEnvironment("NOTIFY_SOCKET", listener.path)
                let notifier = ServiceNotifier()
                try notifier.watchdog()
                try notifier.stopping(status: "stopping: fading out")
                #expect(listener.receive() == "WATCHDOG=1")
                #expect(listener.receive() == "STOPPING=1\nSTATUS=stopping: fading out")
                #expect(!listener.hasPending)
            }
        }
    }

    @Test("without NOTIFY_SOCKET every call is a silent no-op")
    func notUnderSystemd() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("NOTIFY_SOCKET", nil)
                let notifier = ServiceNotifier()
                #expect(!notifier.isActive)
                let delivered = try notifier.send(["READY=1"])
                #expect(delivered == false)
                try notifier.ready(status: "idle")
                try notifier.reloading()
                try notifier.watchdog()
                try notifier.stopping()
            }
        }
    }

    @Test("a notify socket that is gone is a typed error naming the call and the variables")
    func missingSocket() async {
        await #expect(processExitsWith: .success) {
            inChild {
                setEnvironment("NOTIFY_SOCKET", "/tmp/winddown-sd-no-such-dir/notify")
                #expect {
                    try ServiceNotifier().ready(status: "idle")
                } throws: { error in
                    guard let error = error as? SystemdError else { return false }
                    return error.call == "sendto" && error.code == -ENOENT
                        && error.description == "sendto() failed (READY, STATUS): No such file or directory"
                }
            }
        }
    }

    @Test("a service manager that stops reading never blocks the daemon: once its queue is full, statuses are dropped")
    func fullQueueDoesNotBlock() async {
        await #expect(processExitsWith: .success) {
            inChild {
                let listener = try NotifyListener()
                defer { listener.close() }
                setEnvironment("NOTIFY_SOCKET", listener.path)
                let notifier = ServiceNotifier()
                // Nothing reads: the kernel queues a few datagrams (net.unix.max_dgram_qlen), then
                // a blocking send would wait for ever. 500 sends must all return.
                var dropped = 0
                for n in 0..<500 where !(try notifier.send(["STATUS=status \(n)"])) { dropped += 1 }
                #expect(dropped > 0, "every one of 500 unread datagrams was queued")
                #expect(listener.receive() == "STATUS=status 0")
            }
        }
    }
}
