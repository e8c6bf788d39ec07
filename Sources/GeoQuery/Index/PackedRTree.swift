import Foundation

/// A static R-tree packed bottom-up with the Sort-Tile-Recursive method over
/// three-dimensional boxes, stored in flat arrays: built once in O(n log n), immutable and
/// therefore safe to query from many threads, about 56 bytes per entry.
///
/// Boxes are given in any 3D coordinates; GeoKit uses earth-centred metres so that the
/// Euclidean distance to a box is a true lower bound of the distance along the ellipsoid.
/// Each entry carries a payload (the caller's index).
struct PackedRTree: Sendable {
    /// One axis-aligned 3D box.
    struct Box: Sendable {
        var min: SIMD3<Double>
        var max: SIMD3<Double>

        init(min: SIMD3<Double>, max: SIMD3<Double>) {
            self.min = min
            self.max = max
        }

        init(point: SIMD3<Double>) {
            min = point
            max = point
        }

        mutating func expand(toInclude other: Box) {
            min = pointwiseMin(min, other.min)
            max = pointwiseMax(max, other.max)
        }

        /// The squared Euclidean distance from `point` to the nearest point of the box.
        @inline(__always)
        func distanceSquared(to point: SIMD3<Double>) -> Double {
            let below = pointwiseMax(min - point, SIMD3(repeating: 0))
            let above = pointwiseMax(point - max, SIMD3(repeating: 0))
            let d = below + above
            return (d * d).sum()
        }

        @inline(__always)
        func intersects(_ other: Box) -> Bool {
            all(min .<= other.max) && all(other.min .<= max)
        }
    }

    let nodeCapacity: Int
    /// Boxes of all nodes, level by level: leaves (entries) first, the root last.
    private(set) var boxes: [Box] = []
    /// For leaf slots, the payload; for inner nodes, the index of the first child in `boxes`.
    private(set) var links: [Int] = []
    /// Start offsets of each level in `boxes`, leaves first; the last level is the root.
    private(set) var levelStarts: [Int] = []
    let count: Int

    init(boxes entries: [(box: Box, payload: Int)], nodeCapacity: Int = 16) {
        self.nodeCapacity = nodeCapacity
        count = entries.count
        guard !entries.isEmpty else { return }
        // Order the leaves by Sort-Tile-Recursive in three dimensions.
        let ordered = PackedRTree.strOrder(entries.indices.map { $0 }, entries: entries, capacity: nodeCapacity)
        boxes.reserveCapacity(entries.count * 2)
        for i in ordered {
            boxes.append(entries[i].box)
            links.append(entries[i].payload)
        }
        levelStarts = [0]
        var levelStart = 0, levelCount = entries.count
        while levelCount > 1 {
            let nextStart = boxes.count
            var i = 0
            while i < levelCount {
                let end = Swift.min(i + nodeCapacity, levelCount)
                var box = boxes[levelStart + i]
                for k in (i + 1)..<end { box.expand(toInclude: boxes[levelStart + k]) }
                boxes.append(box)
                links.append(levelStart + i)
                i = end
            }
            levelStarts.append(nextStart)
            levelStart = nextStart
            levelCount = boxes.count - nextStart
        }
    }

    private static func strOrder(_ items: [Int], entries: [(box: Box, payload: Int)], capacity: Int) -> [Int] {
        func center(_ i: Int, _ axis: Int) -> Double { (entries[i].box.min[axis] + entries[i].box.max[axis]) / 2 }
        let leaves = (items.count + capacity - 1) / capacity
        let slabsX = Int(cbrt(Double(leaves)).rounded(.up))
        let perSlabX = Int((Double(items.count) / Double(Swift.max(1, slabsX))).rounded(.up))
        var result: [Int] = []
        result.reserveCapacity(items.count)
        let byX = items.sorted { center($0, 0) < center($1, 0) }
        var x = 0
        while x < byX.count {
            let slab = Array(byX[x..<Swift.min(x + perSlabX, byX.count)]).sorted { center($0, 1) < center($1, 1) }
            let perSlabY = Int((Double(slab.count) / Double(Swift.max(1, slabsX))).rounded(.up))
            var y = 0
            while y < slab.count {
                let column = slab[y..<Swift.min(y + perSlabY, slab.count)].sorted { center($0, 2) < center($1, 2) }
                result.append(contentsOf: column)
                y += perSlabY
            }
            x += perSlabX
        }
        return result
    }

    /// The range of `boxes` that holds the children of node `index`.
    @inline(__always)
    private func children(of index: Int) -> Range<Int> {
        let level = levelStarts.lastIndex { $0 <= index }!
        let childLevelEnd = levelStarts[level]  // the children's level ends where this one starts
        let first = links[index]
        return first..<Swift.min(first + nodeCapacity, childLevelEnd)
    }

    private func isLeafSlot(_ index: Int) -> Bool { levelStarts.count < 2 || index < levelStarts[1] }

    /// Payloads of every entry whose box intersects `box`.
    func search(_ box: Box) -> [Int] {
        guard count > 0 else { return [] }
        var result: [Int] = []
        var stack = [boxes.count - 1]
        while let node = stack.popLast() {
            guard boxes[node].intersects(box) else { continue }
            if isLeafSlot(node) {
                result.append(links[node])
            } else {
                stack.append(contentsOf: children(of: node))
            }
        }
        return result
    }

    /// Visits entries near `point`, nearest boxes first within each node (a depth-first
    /// branch and bound: children are tried in order of their box's distance and skipped
    /// once farther than the radius). `visit` gets the payload and that lower bound
    /// (squared) and returns the squared radius beyond which nothing interests it any more,
    /// or `nil` to stop. Every entry within the final radius is visited.
    func visitNearest(to point: SIMD3<Double>, initialRadiusSquared: Double = .infinity,
                      _ visit: (_ payload: Int, _ lowerBoundSquared: Double) -> Double?) {
        guard count > 0 else { return }
        var radius = initialRadiusSquared
        let root = boxes.count - 1
        let leafEnd = levelStarts.count > 1 ? levelStarts[1] : boxes.count
        if root < leafEnd {
            // A tree of one entry.
            let bound = boxes[root].distanceSquared(to: point)
            if bound <= radius { _ = visit(links[root], bound) }
            return
        }
        // The pending nodes live in a fixed buffer on the stack: depth × capacity entries.
        let capacity = max(64, (levelStarts.count + 1) * nodeCapacity)
        withUnsafeTemporaryAllocation(of: (bound: Double, node: Int).self, capacity: capacity) { stack in
            withUnsafeTemporaryAllocation(of: (bound: Double, node: Int).self, capacity: nodeCapacity) { children in
                var top = 0
                stack[0] = (boxes[root].distanceSquared(to: point), root)
                top = 1
                while top > 0 {
                    top -= 1
                    let (bound, node) = stack[top]
                    if bound > radius { continue }
                    let range = self.children(of: node)
                    var n = 0
                    for child in range {
                        let d = boxes[child].distanceSquared(to: point)
                        if d <= radius {
                            children[n] = (d, child)
                            n += 1
                        }
                    }
                    // Sort the few children by bound (insertion sort; ties by position).
                    if n > 1 {
                        for i in 1..<n {
                            let item = children[i]
                            var j = i - 1
                            while j >= 0, children[j].bound > item.bound || (children[j].bound == item.bound && children[j].node > item.node) {
                                children[j + 1] = children[j]
                                j -= 1
                            }
                            children[j + 1] = item
                        }
                    }
                    if range.lowerBound < leafEnd {
                        for i in 0..<n {
                            if children[i].bound > radius { break }
                            guard let next = visit(links[children[i].node], children[i].bound) else { return }
                            radius = next
                        }
                    } else {
                        // Push farthest first so that the nearest child is expanded next.
                        var i = n - 1
                        while i >= 0 {
                            stack[top] = children[i]
                            top += 1
                            i -= 1
                        }
                    }
                }
            }
        }
    }
}
