@testable import GeoCore
import Testing

@Suite struct SortTileRecursiveTests {
    /// A 60 × 40 grid of points, shuffled: packed in nodes of 8, every node is a tile of
    /// neighbouring points, and every point is in exactly one node.
    @Test func nodesOfAShuffledGridAreCompactTiles() {
        var generator = SplitMix(seed: 7)
        let cells = (0..<2400).map { ($0 % 60, $0 / 60) }.shuffled(using: &generator)
        let order = SortTileRecursive.order(capacity: 8, keys: [cells.map { Float($0.0) }, cells.map { Float($0.1) }])
        #expect(Set(order).count == cells.count && order.allSatisfy { Int($0) < cells.count })
        var widest = 0
        for start in stride(from: 0, to: order.count, by: 8) {
            let node = order[start..<min(start + 8, order.count)].map { cells[Int($0)] }
            let width = node.map(\.0).max()! - node.map(\.0).min()!
            let height = node.map(\.1).max()! - node.map(\.1).min()!
            widest = max(widest, width + height)
        }
        // 2,400 points make 300 nodes in slabs of 18 nodes: 144 points, parts of at most
        // five columns of 40. Sorted by y in its slab, a node of 8 spans two or three rows.
        #expect(widest <= 8, "the widest node spans \(widest) cells")
    }

    @Test func threeAxesTileEachSlabAgain() {
        // A 10 × 10 × 10 cube in nodes of 10: 100 nodes, slabs of 25 nodes (the cube root
        // rounded up, squared), each cut into columns of 5 nodes: every node is a short run
        // along the last axis within at most three planes of x and two of y.
        let cube = (0..<1000).map { ($0 % 10, $0 / 10 % 10, $0 / 100) }
        let order = SortTileRecursive.order(capacity: 10, keys: [cube.map { Float($0.0) }, cube.map { Float($0.1) }, cube.map { Float($0.2) }])
        #expect(Set(order).count == 1000)
        for start in stride(from: 0, to: 1000, by: 10) {
            let node = order[start..<(start + 10)].map { cube[Int($0)] }
            #expect(node.map(\.0).max()! - node.map(\.0).min()! <= 2)
            #expect(node.map(\.1).max()! - node.map(\.1).min()! <= 1)
        }
    }

    @Test func fewerItemsThanANodeKeepTheirAxisOrder() {
        let xs: [Float] = [3, 1, 2]
        #expect(SortTileRecursive.order(capacity: 8, keys: [xs, xs]) == [1, 2, 0])
        #expect(SortTileRecursive.order(capacity: 8, keys: [[], []]).isEmpty)
    }
}

/// A small seeded generator, so that the shuffled grid is the same in every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
