import GeoCore
import GeoPROJ

extension GeoIndex {
    /// The features in order of geodesic distance from a position, nearest first, each
    /// measured only when the sequence reaches it: read as many as needed and stop.
    ///
    /// ```swift
    /// for neighbor in try index.neighbors(of: here) {
    ///     if isOpen(neighbor.feature) { return neighbor }     // the nearest open one
    /// }
    /// ```
    ///
    /// Distances are metres along WGS 84 as in `nearest(to:count:)`; ties come in layer
    /// order. `nearest(to:count:)` answers the same question for a count known up front by a
    /// search that keeps no queue, and is faster for it.
    ///
    /// - Parameters:
    ///   - position: the query position, in `crs` (longitude/latitude by default).
    ///   - crs: the CRS of `position`.
    ///   - maxDistance: the sequence ends before the first feature farther than this many
    ///     metres (nil: it runs through the whole layer).
    ///   - filter: only features for which this returns true.
    /// - Throws: `QueryError` for an implausible position or a negative distance,
    ///   `PROJError` when `crs` cannot be transformed.
    public func neighbors(of position: Position, crs: CRSReference = .crs84, within maxDistance: Double? = nil,
                          where filter: ((Feature) -> Bool)? = nil) throws -> NeighborSequence {
        if let maxDistance, !(maxDistance >= 0) { throw QueryError.invalidArgument("the distance must be a non-negative number of metres") }
        let q = try geographicPosition(position, crs: crs)
        try validate(q)
        return NeighborSequence(index: self, from: q, limit: maxDistance ?? .infinity, filter: filter)
    }
}

/// The lazy answer of `GeoIndex.neighbors(of:)`: features in order of geodesic distance.
///
/// A best-first walk of the index (Hjaltason and Samet's incremental nearest neighbour):
/// one queue holds tree nodes and entries by a lower bound of their distance (the chord
/// through the ellipsoid to their box) and measured features by their exact distance; a
/// measured feature is handed out when nothing left in the queue can be nearer.
public struct NeighborSequence: Sequence, IteratorProtocol {
    private let index: GeoIndex
    private let query: Position
    private let target: SIMD3<Double>
    private let limit: Double
    private let filter: ((Feature) -> Bool)?
    private var queue = MinimumQueue<Pending>()
    private var frame: TangentFrame?

    /// What waits in the queue, smallest distance first; at equal distance nodes and
    /// unmeasured entries before measured ones (they may hold an equal one of lower
    /// index), measured ones in layer order.
    private struct Pending: Comparable {
        enum Kind: Int { case node = 0, entry = 1, measured = 2 }
        var distance: Double
        var kind: Kind
        /// The node's index in the tree, or the feature's index in the layer.
        var slot: Int
        var azimuth = 0.0
        var point = Position(x: 0, y: 0)

        static func < (a: Pending, b: Pending) -> Bool {
            if a.distance != b.distance { return a.distance < b.distance }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            return a.slot < b.slot
        }

        static func == (a: Pending, b: Pending) -> Bool {
            a.distance == b.distance && a.kind == b.kind && a.slot == b.slot
        }
    }

    init(index: GeoIndex, from q: Position, limit: Double, filter: ((Feature) -> Bool)?) {
        self.index = index
        self.query = q
        self.target = index.frame.coordinates(of: q)
        self.limit = limit
        self.filter = filter
        let tree = index.tree
        guard tree.count > 0 else { return }
        let root = tree.boxes.count - 1
        let bound = tree.boxes[root].distanceSquared(to: target).squareRoot()
        guard bound <= limit else { return }
        if tree.count == 1 {
            // The root is the only entry.
            let feature = Int(tree.links[0])
            if filter?(index.layer.features[feature]) ?? true { queue.insert(Pending(distance: bound, kind: .entry, slot: feature)) }
        } else {
            queue.insert(Pending(distance: bound, kind: .node, slot: root))
        }
    }

    /// The next nearest feature, or nil when none is left within the distance.
    public mutating func next() -> Neighbor? {
        let tree = index.tree
        while let item = queue.popMinimum() {
            switch item.kind {
            case .measured:
                return Neighbor(featureIndex: item.slot, feature: index.layer.features[item.slot], distance: item.distance,
                                azimuth: item.azimuth, nearestPoint: item.point)
            case .entry:
                if let measured = measure(item.slot) { queue.insert(measured) }
            case .node:
                let first = Int(tree.links[item.slot]), end = Int(tree.childEnds[item.slot])
                let isLeafNode = first < tree.count
                for child in first..<end {
                    let bound = tree.boxes[child].distanceSquared(to: target).squareRoot()
                    guard bound <= limit else { continue }
                    if isLeafNode {
                        let feature = Int(tree.links[child])
                        if let filter, !filter(index.layer.features[feature]) { continue }
                        queue.insert(Pending(distance: bound, kind: .entry, slot: feature))
                    } else {
                        queue.insert(Pending(distance: bound, kind: .node, slot: child))
                    }
                }
            }
        }
        return nil
    }

    /// The exact distance to a feature, as a measured queue item (nil beyond the limit).
    private mutating func measure(_ feature: Int) -> Pending? {
        guard let geometry = index.geographic[feature] else { return nil }
        let distance: Double, azimuth: Double, point: Position
        if case .point(let p) = geometry {
            guard !p.isEmpty else { return nil }
            (distance, azimuth) = index.ellipsoid.nearbyInverse(from: query, to: p, withAzimuth: true)
                ?? index.geodesic.karneyInverse(from: query, to: p, withAzimuth: true)
            point = p
        } else {
            if frame == nil { frame = TangentFrame(at: query) }
            guard let measured = index.measure(from: query, to: geometry, frame: frame!) else { return nil }
            (distance, azimuth, point) = measured
        }
        guard distance <= limit else { return nil }
        return Pending(distance: distance, kind: .measured, slot: feature, azimuth: azimuth < 0 ? azimuth + 360 : azimuth, point: point)
    }
}

/// A binary min-heap: the smallest element first.
struct MinimumQueue<Element: Comparable> {
    private var heap: [Element] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func insert(_ element: Element) {
        heap.append(element)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMinimum() -> Element? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let minimum = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left] < heap[smallest] { smallest = left }
            if right < heap.count, heap[right] < heap[smallest] { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return minimum
    }
}
