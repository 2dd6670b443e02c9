import Foundation
import Synchronization
import Testing
@testable import WinddownAudio

/// The lock-free hand-off between the audio thread and the others.
@Suite("Hand-off queue")
struct HandOffQueueTests {
    final class Counter: Sendable {
        let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .acquiring) }
        func add() { count.add(1, ordering: .releasing) }
    }

    final class Token: Sendable {
        let value: Int
        let freed: Counter
        init(_ value: Int, freed: Counter) {
            self.value = value
            self.freed = freed
        }
        deinit { freed.add() }
    }

    @Test("oldest first; full is refused, not overwritten; drained slots take new elements")
    func order() {
        let queue = HandOffQueue<Int>(capacity: 3)
        #expect(queue.push(1) && queue.push(2) && queue.push(3))
        #expect(!queue.push(4))
        var seen: [Int] = []
        queue.drain(take: true) { seen.append($0) }
        #expect(seen == [1, 2, 3])
        #expect(queue.isEmpty)
        #expect(queue.push(5))
        queue.drain(take: true) { seen.append($0) }
        #expect(seen == [1, 2, 3, 5])
    }

    @Test("without take, the consumer frees nothing: an element is freed when its slot is reused")
    func consumerFreesNothing() {
        let freed = Counter()
        let queue = HandOffQueue<Token>(capacity: 2)
        #expect(queue.push(Token(1, freed: freed)))
        var seen: [Int] = []
        queue.drain(take: false) { seen.append($0.value) }
        #expect(seen == [1])
        #expect(freed.value == 0)
        #expect(queue.push(Token(2, freed: freed)))
        #expect(queue.push(Token(3, freed: freed)))
        #expect(freed.value == 1)
    }

    @Test("four producers and one consumer: every element arrives once, each producer's in order")
    func manyProducers() async {
        let queue = HandOffQueue<Int>(capacity: 64)
        let perProducer = 5_000
        let received = Mutex<[Int]>([])
        let done = Counter()
        let consumer = Thread {
            var local: [Int] = []
            while done.value < 4 || !queue.isEmpty {
                queue.drain(take: true) { local.append($0) }
            }
            received.withLock { $0 = local }
        }
        consumer.start()
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<4 {
                group.addTask {
                    for i in 0..<perProducer {
                        while !queue.pushFromAnyThread(producer * 1_000_000 + i) { await Task.yield() }
                    }
                    done.add()
                }
            }
        }
        while !consumer.isFinished { try? await Task.sleep(for: .milliseconds(10)) }
        let all = received.withLock { $0 }
        #expect(all.count == 4 * perProducer)
        for producer in 0..<4 {
            let mine = all.filter { $0 / 1_000_000 == producer }.map { $0 % 1_000_000 }
            #expect(mine == Array(0..<perProducer), "producer \(producer) out of order")
        }
    }
}
