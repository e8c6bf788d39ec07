import Foundation

/// A lock-guarded stack of reusable objects (PROJ contexts, transformer handles): one is
/// borrowed for the duration of a synchronous call, never across an `await`, and given back.
package final class ReusePool<Element>: @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`, and an element is used by one
    // thread at a time between `borrow` and `giveBack`.
    private let lock = NSLock()
    private var idle: [Element] = []
    private let maximumIdle: Int

    package init(maximumIdle: Int = 8) {
        self.maximumIdle = maximumIdle
    }

    package func borrow(orMake make: () throws -> Element) rethrows -> Element {
        lock.lock()
        let element = idle.popLast()
        lock.unlock()
        return try element ?? make()
    }

    package func giveBack(_ element: Element) {
        lock.lock()
        if idle.count < maximumIdle { idle.append(element) }
        lock.unlock()
    }
}

