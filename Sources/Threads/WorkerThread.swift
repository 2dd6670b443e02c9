#if canImport(Glibc)
    import Glibc
#endif

/// A plain POSIX thread running one closure: the audio path and the
/// decoders get threads of their own instead of sharing a pool with
/// tasks that may block.
///
/// Every thread is either joined (`start`, whose handle must be joined) or
/// detached (`detach`, freed by the system when it returns), so a daemon
/// that serves for months never runs out of thread stacks.
public enum WorkerThread {
    /// `pthread_create` refused (the process is at its thread or memory limit).
    public struct StartError: Error, CustomStringConvertible, Sendable {
        public let code: Int32
        public var description: String { "cannot start a thread: pthread_create() failed: \(String(cString: strerror(code)))" }
    }

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new joinable thread; the caller joins it.
    public static func start(_ body: @escaping @Sendable () -> Void) throws(StartError) -> JoinableThread {
        JoinableThread(handle: try create(body, detached: false))
    }

    /// Starts `body` on a new detached thread: nobody waits for it, and
    /// what it holds is released when it returns.
    public static func detach(_ body: @escaping @Sendable () -> Void) throws(StartError) {
        _ = try create(body, detached: true)
    }

    private static func create(_ body: @escaping @Sendable () -> Void, detached: Bool) throws(StartError) -> pthread_t {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw StartError(code: result)
        }
        return thread
    }
}

/// A started thread, to be joined exactly once.
public struct JoinableThread: Sendable {
    fileprivate let handle: pthread_t

    /// Waits for the thread to return and frees it.
    public func join() {
        pthread_join(handle, nil)
    }
}
