import Dispatch
import Synchronization

/// Runs async work from a synchronous command and waits for it. The root
/// command is synchronous so that the daemon (`serve`) never starts Swift's
/// worker pool, whose monitor would wake it every second; the short-lived
/// commands that need async work (a speech engine through swift-subprocess)
/// start it here.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<T, any Error>?>(nil)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
