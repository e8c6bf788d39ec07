import Foundation
import GeoCore

/// Two-stage pipeline for one conversion: a reader thread parses, filters, repairs and
/// reprojects batches while the calling thread writes the previous ones. At most
/// `capacity` batches wait in between, so memory stays bounded.
final class BatchPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Feature]] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private var readerDone = false
    private let capacity = 2

    /// Runs `produce` on a new thread; it hands batches to `put` until it returns or throws.
    init(produce: @escaping @Sendable (BatchPipeline) throws -> Void) {
        let thread = Thread { [self] in
            do { try produce(self) } catch {
                condition.withLock { failure = error }
            }
            condition.withLock {
                finished = true
                readerDone = true
                condition.broadcast()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Called by the reader: false when the writer gave up (the reader should stop).
    func put(_ batch: [Feature]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// Called by the writer: the next batch, nil at the end.
    /// - Throws: the reader's error, once the batches before it are written.
    func take() throws -> [Feature]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reader (after a write failure) and waits until it has let go of the source.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !readerDone { condition.wait() }
        condition.unlock()
    }
}

/// Lets the reader thread use a source that the writer thread no longer touches.
struct Handover<T>: @unchecked Sendable {
    let value: T
}

/// Hands out indices in a fixed order to concurrent workers.
final class WorkQueue: @unchecked Sendable {
    // @unchecked: `position` is only touched under `lock`.
    private let lock = NSLock()
    private let order: [Int]
    private var position = 0

    init(order: [Int]) { self.order = order }

    func next() -> Int? {
        lock.withLock {
            guard position < order.count else { return nil }
            defer { position += 1 }
            return order[position]
        }
    }
}
