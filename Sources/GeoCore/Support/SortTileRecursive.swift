import Foundation

/// Sort-Tile-Recursive packing order (Leutenegger, Lopez and Edgington, 1997), shared by
/// GeoKit's two bulk-loaded R-trees: the GeoPackage R-tree that the writer packs and the
/// packed R-tree of GeoQuery.
///
/// Items are sorted along the first axis and cut into S slabs of S^(d-1) whole nodes
/// (S = ⌈nodes^(1/d)⌉ for d axes); each slab is sorted along the next axis and cut again,
/// down to the last axis. Consecutive runs of
/// `capacity` items of the result are then compact nodes.
package enum SortTileRecursive {
    /// Above this many items a range is sorted in place by comparing keys; below it through
    /// 64-bit words (the key's order-preserving bits above the index), which sorts several
    /// times faster but needs 8 bytes per item while it runs.
    package static let wordSortLimit = 4_000_000

    /// The packing order of items given by their centres: indices `0..<count` rearranged.
    /// - Parameters:
    ///   - capacity: the items per node (at least 2).
    ///   - keys: per axis, in tiling order, every item's centre along it (all of one
    ///     length, fewer than 2^32).
    @inlinable
    package static func order(capacity: Int, keys: [[Float]]) -> [UInt32] {
        let count = keys.first?.count ?? 0
        precondition(capacity >= 2 && !keys.isEmpty && keys.allSatisfy { $0.count == count } && UInt64(count) <= UInt64(UInt32.max) + 1)
        var order = (0..<count).map { UInt32(truncatingIfNeeded: $0) }
        tile(&order, 0..<count, axis: 0, keys: keys, capacity: capacity)
        return order
    }

    @inlinable
    static func tile(_ order: inout [UInt32], _ range: Range<Int>, axis: Int, keys: [[Float]], capacity: Int) {
        keys[axis].withUnsafeBufferPointer { key in sort(&order, range, by: key) }
        let remaining = keys.count - axis
        guard remaining > 1 else { return }
        // S = ⌈nodes^(1/d)⌉ slabs of S^(d-1) nodes each, d the axes still to tile.
        let nodes = (range.count + capacity - 1) / capacity
        let side = max(1, Int(Double(nodes).squareRootOrRoot(remaining).rounded(.up)))
        var slabNodes = 1
        for _ in 1..<remaining { slabNodes *= side }
        let perSlab = slabNodes * capacity
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + perSlab, range.upperBound)
            tile(&order, start..<end, axis: axis + 1, keys: keys, capacity: capacity)
            start = end
        }
    }

    /// Sorts `order[range]` by each index's key.
    @inlinable
    static func sort(_ order: inout [UInt32], _ range: Range<Int>, by key: UnsafeBufferPointer<Float>) {
        guard range.count > 1 else { return }
        guard range.count <= wordSortLimit else {
            // In place through a buffer pointer: sorting `order[range]` would copy the array.
            order.withUnsafeMutableBufferPointer { buffer in
                buffer[range].sort { key[Int($0)] < key[Int($1)] }
            }
            return
        }
        var words = order[range].map { i -> UInt64 in UInt64(orderedBits(key[Int(i)])) << 32 | UInt64(i) }
        words.sort()
        for (offset, word) in words.enumerated() { order[range.lowerBound + offset] = UInt32(truncatingIfNeeded: word) }
    }

    /// The float's bits as an unsigned integer that sorts as the floats do (NaN last).
    @inlinable
    static func orderedBits(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }
}

extension Double {
    /// The square root for 2, the cube root for 3, the n-th root otherwise (exact for
    /// perfect squares and cubes, which `pow` is not always).
    @inlinable
    func squareRootOrRoot(_ n: Int) -> Double {
        switch n {
        case 2: squareRoot()
        case 3: cbrt(self)
        default: pow(self, 1 / Double(n))
        }
    }
}
