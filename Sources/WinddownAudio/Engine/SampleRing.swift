import Synchronization

/// A single-producer, single-consumer ring of floats with no locks: the
/// decoder thread writes, the audio thread reads, and neither ever waits
/// for the other.
final class SampleRing: @unchecked Sendable {
    // @unchecked: `storage` is only written in slots the producer owns
    // (between read and write index) and read in slots the consumer owns;
    // the acquire/release indices hand the slots over.
    private let storage: UnsafeMutablePointer<Float>
    private let capacity: Int
    var capacityFloats: Int { capacity }
    private let mask: Int
    private let writeIndex = Atomic<Int>(0)
    private let readIndex = Atomic<Int>(0)

    /// - Parameter minimumCapacity: rounded up to a power of two.
    init(minimumCapacity: Int) {
        var size = 1
        while size < minimumCapacity { size <<= 1 }
        capacity = size
        mask = size - 1
        storage = .allocate(capacity: size)
        storage.initialize(repeating: 0, count: size)
    }

    deinit { storage.deallocate() }

    /// Floats waiting to be read.
    var available: Int { writeIndex.load(ordering: .acquiring) &- readIndex.load(ordering: .acquiring) }
    /// Room left for the producer.
    var space: Int { capacity - available }

    /// Producer: copies up to `count` floats in; returns how many fit.
    @discardableResult
    func write(_ source: UnsafePointer<Float>, count: Int) -> Int {
        let write = writeIndex.load(ordering: .relaxed)
        let read = readIndex.load(ordering: .acquiring)
        let n = min(count, capacity - (write &- read))
        for i in 0..<n { storage[(write &+ i) & mask] = source[i] }
        writeIndex.store(write &+ n, ordering: .releasing)
        return n
    }

    /// Consumer: copies up to `count` floats out; returns how many there were.
    func read(into destination: UnsafeMutablePointer<Float>, count: Int) -> Int {
        let read = readIndex.load(ordering: .relaxed)
        let write = writeIndex.load(ordering: .acquiring)
        let n = min(count, write &- read)
        for i in 0..<n { destination[i] = storage[(read &+ i) & mask] }
        readIndex.store(read &+ n, ordering: .releasing)
        return n
    }
}
