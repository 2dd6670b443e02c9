import Synchronization

/// A fixed-size queue between threads whose consumer never locks: the two
/// ends meet only through an atomic head and tail. How the audio thread
/// takes commands and hands back events and ended channels without ever
/// taking a lock.
///
/// One producer at a time: `push` from a single thread (the audio thread),
/// or `pushFromAnyThread`, which serialises producers on a lock of their
/// own (never held by the consumer). One consumer: `drain`.
final class HandOffQueue<Element>: @unchecked Sendable {
    // @unchecked: slot `i` is written only by the producer while `i` lies in
    // [tail, head + capacity), read only by the consumer while it lies in
    // [head, tail); the releasing stores of `tail` and `head` hand it over.
    private let slots: UnsafeMutablePointer<Element?>
    private let capacity: Int
    private let head = Atomic<Int>(0)
    private let tail = Atomic<Int>(0)
    private let producers = Mutex<Void>(())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = .allocate(capacity: self.capacity)
        slots.initialize(repeating: nil, count: self.capacity)
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
    }

    /// Single producer: adds `element`; false when the queue is full.
    /// Replacing a slot's old element frees it here, on the producer's thread.
    func push(_ element: Element) -> Bool {
        let end = tail.load(ordering: .relaxed)
        guard end - head.load(ordering: .acquiring) < capacity else { return false }
        slots[end % capacity] = element
        tail.store(end + 1, ordering: .releasing)
        return true
    }

    /// Single producer: moves `element` in, so the consumer ends up holding
    /// the only reference; gives it back when the queue is full.
    func push(moving element: consuming Element) -> Element? {
        let end = tail.load(ordering: .relaxed)
        guard end - head.load(ordering: .acquiring) < capacity else { return element }
        slots[end % capacity] = consume element
        tail.store(end + 1, ordering: .releasing)
        return nil
    }

    /// Any thread: adds `element`, waiting on the other producers (never on the consumer).
    func pushFromAnyThread(_ element: Element) -> Bool {
        producers.withLock { _ in push(element) }
    }

    /// The consumer: hands each element waiting to `body`, oldest first.
    /// `take: false` leaves each in its slot, so that freeing it falls to
    /// the producer that reuses the slot (the audio thread frees nothing).
    func drain(take: Bool, _ body: (Element) -> Void) {
        let start = head.load(ordering: .relaxed)
        let end = tail.load(ordering: .acquiring)
        guard start < end else { return }
        for index in start..<end {
            let slot = slots + index % capacity
            guard let element = slot.pointee else { continue }
            if take { slot.pointee = nil }
            body(element)
        }
        head.store(end, ordering: .releasing)
    }

    var isEmpty: Bool { head.load(ordering: .acquiring) == tail.load(ordering: .acquiring) }
}
