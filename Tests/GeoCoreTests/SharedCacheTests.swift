import Foundation
import GeoCore
import Testing

/// The process-wide memo behind the CRS and transformer caches.
@Suite struct SharedCacheTests {
    struct Refused: Error {}

    @Test func makesOnceAndKeepsNoFailure() throws {
        let cache = SharedCache<String, Int>(capacity: 3)
        var made = 0
        func make() -> Int {
            made += 1
            return made * 10
        }
        #expect(cache.value(for: "a", orMake: make) == 10)
        #expect(cache.value(for: "a", orMake: make) == 10)
        #expect(made == 1)
        // A failure is passed on and not stored: the next ask makes it again.
        #expect(throws: Refused.self) { try cache.value(for: "b") { () throws(Refused) -> Int in throw Refused() } }
        #expect(cache.value(for: "b", orMake: make) == 20)
        #expect(made == 2)
        // Past its capacity the memo starts afresh instead of growing.
        _ = cache.value(for: "c", orMake: make)
        _ = cache.value(for: "d", orMake: make)
        #expect(cache.value(for: "a", orMake: make) == 50)
    }

    /// Many threads asking for the same keys at once all get the one stored value.
    @Test func concurrentAsksAgree() {
        let cache = SharedCache<Int, [Int]>()
        let answers = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64)
        defer { answers.deallocate() }
        let pointer = answers.baseAddress!
        nonisolated(unsafe) let shared = pointer
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            shared[i] = cache.value(for: i % 4) { Array(repeating: i, count: 3) }[0]
        }
        for i in 0..<64 {
            #expect(answers[i] == answers[i % 4], "key \(i % 4)")
        }
    }
}

/// Property names placed in a growing list of columns.
@Suite struct KeyPositionsTests {
    @Test func remembersListsAndForgetsThemWhenANameArrives() {
        var positions = KeyPositions(names: ["a", "b"])
        #expect(positions.positions(of: ["b", "x", "a"]) == [1, -1, 0])
        // Remembered: the same answer for the same list.
        #expect(positions.positions(of: ["b", "x", "a"]) == [1, -1, 0])
        // A new name makes the remembered -1 wrong: it must be forgotten.
        #expect(positions.append("x") == 2)
        #expect(positions.positions(of: ["b", "x", "a"]) == [1, 2, 0])
        #expect(positions.positions(of: ["c", "a"], addingUnknown: true) == [3, 0])
        #expect(positions.names == ["a", "b", "x", "c"])
        #expect(positions.append("a") == 0)
    }
}
