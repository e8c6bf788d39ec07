import Foundation

/// A lock-guarded, process-wide memo for answers that are slow to compute and never change
/// while the process runs (a CRS parsed from a `.prj`, a transformer for a CRS pair).
/// The lock is not held while a value is made: two threads asking for the same new key at
/// once both make it, and the first stored wins. Past `capacity` entries the memo starts
/// afresh, so an unbounded stream of distinct keys cannot grow it without end.
package final class SharedCache<Key: Hashable, Value>: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`; keys and values are stored as
    // given and handed out as copies (callers use it with Sendable values).
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let capacity: Int

    package init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The stored value for `key`, or the one `make` returns, then stored. An error from
    /// `make` is passed on and nothing is stored.
    package func value<Failure: Error>(for key: Key, orMake make: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let made = try make()
        return lock.withLock {
            if let raced = entries[key] { return raced }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
            return made
        }
    }
}
