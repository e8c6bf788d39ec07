import GeoCore

/// The polygons of a layer for point-in-polygon joins in the layer's own CRS: their rings
/// flattened into one coordinate array (no reference counts or enum unpacking per test),
/// behind a packed R-tree of their planar boxes (z = 0).
struct PlanarIndex {
    private let tree: PackedRTree
    /// x, y of every ring vertex, ring after ring.
    private let coordinates: [Double]
    /// Where each ring starts in `coordinates` (in vertices), and one past the last.
    private let ringStarts: [Int]
    /// The first ring of each polygon, and one past the last.
    private let polygonStarts: [Int]
    /// The first polygon of each feature, and one past the last (features without
    /// polygons have none).
    private let featureStarts: [Int]

    init(_ geometries: [Geometry?]) {
        var coordinates: [Double] = [], ringStarts: [Int] = [], polygonStarts: [Int] = [], featureStarts: [Int] = []
        var entries: [(box: PackedRTree.Box, payload: Int)] = []
        for (i, g) in geometries.enumerated() {
            featureStarts.append(polygonStarts.count)
            let polygons: [[[Position]]]
            switch g {
            case .polygon(let rings)?: polygons = [rings]
            case .multiPolygon(let parts)?: polygons = parts
            default: continue
            }
            var box: PackedRTree.Box?
            for rings in polygons where !(rings.first?.isEmpty ?? true) {
                polygonStarts.append(ringStarts.count)
                for ring in rings {
                    ringStarts.append(coordinates.count / 2)
                    for p in ring {
                        coordinates.append(p.x)
                        coordinates.append(p.y)
                        let point = PackedRTree.Box(point: SIMD3(p.x, p.y, 0))
                        if box == nil { box = point } else { box!.expand(toInclude: point) }
                    }
                }
            }
            if let box { entries.append((box, i)) }
        }
        featureStarts.append(polygonStarts.count)
        polygonStarts.append(ringStarts.count)
        ringStarts.append(coordinates.count / 2)
        tree = PackedRTree(boxes: entries)
        (self.coordinates, self.ringStarts, self.polygonStarts, self.featureStarts) = (coordinates, ringStarts, polygonStarts, featureStarts)
    }

    /// The first feature (in layer order) whose polygon covers `p` (boundary included,
    /// as GEOS's covers); points, lines and other geometries never cover a point here.
    func firstCovering(_ p: Position) -> Int? {
        var first: Int?
        tree.forEachIntersecting(PackedRTree.Box(point: SIMD3(p.x, p.y, 0))) { i in
            if let first, first < i { return }
            if covers(feature: i, p) { first = i }
        }
        return first
    }

    /// `firstCovering` for many positions (nil for none): the answers in the order given,
    /// the searches in Z-order, so that neighbouring positions find the tree's nodes still
    /// in the cache.
    func firstCovering(_ positions: [Position?]) -> [Int?] {
        var answers = [Int?](repeating: nil, count: positions.count)
        var low = SIMD2(Double.infinity, .infinity), high = -low
        for case let p? in positions where p.x.isFinite && p.y.isFinite {
            low = pointwiseMin(low, SIMD2(p.x, p.y))
            high = pointwiseMax(high, SIMD2(p.x, p.y))
        }
        let scale = SIMD2<Double>(repeating: 65_535) / pointwiseMax(high - low, SIMD2(repeating: .leastNormalMagnitude))
        var keyed: [(key: UInt32, index: Int)] = []
        keyed.reserveCapacity(positions.count)
        for (i, p) in positions.enumerated() {
            guard let p else { continue }
            guard p.x.isFinite, p.y.isFinite else {
                answers[i] = firstCovering(p)
                continue
            }
            let cell = ((SIMD2(p.x, p.y) - low) * scale).rounded(.down)
            keyed.append((PlanarIndex.interleave(UInt32(cell.x), UInt32(cell.y)), i))
        }
        keyed.sort { $0.key < $1.key }
        for (_, i) in keyed { answers[i] = firstCovering(positions[i]!) }
        return answers
    }

    /// The Morton code of two 16-bit cell numbers: their bits interleaved.
    private static func interleave(_ x: UInt32, _ y: UInt32) -> UInt32 {
        func spread(_ v: UInt32) -> UInt32 {
            var v = v & 0xFFFF
            v = (v | (v << 8)) & 0x00FF_00FF
            v = (v | (v << 4)) & 0x0F0F_0F0F
            v = (v | (v << 2)) & 0x3333_3333
            v = (v | (v << 1)) & 0x5555_5555
            return v
        }
        return spread(x) | (spread(y) << 1)
    }

    private func covers(feature: Int, _ p: Position) -> Bool {
        for polygon in featureStarts[feature]..<featureStarts[feature + 1] {
            let rings = polygonStarts[polygon]..<polygonStarts[polygon + 1]
            // Inside or on the shell, and not strictly inside a hole.
            guard location(ofRing: rings.lowerBound, p) != .outside else { continue }
            if !rings.dropFirst().contains(where: { location(ofRing: $0, p) == .inside }) { return true }
        }
        return false
    }

    /// Even-odd location of `p` against one ring, with points on an edge on the boundary.
    private func location(ofRing ring: Int, _ p: Position) -> PlanarContainment.Location {
        let start = ringStarts[ring], end = ringStarts[ring + 1]
        guard end > start else { return .outside }
        return coordinates.withUnsafeBufferPointer { xy in
            var inside = false
            var j = end - 1
            for i in start..<end {
                let ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1]
                j = i
                // Edges whose y-range misses p cannot cross its ray or hold it.
                if (ay < p.y && by < p.y) || (ay > p.y && by > p.y) { continue }
                let cross = (bx - ax) * (p.y - ay) - (by - ay) * (p.x - ax)
                if cross == 0, min(ax, bx) <= p.x, p.x <= max(ax, bx) { return .boundary }
                if (ay > p.y) != (by > p.y), p.x < (bx - ax) * (p.y - ay) / (by - ay) + ax { inside.toggle() }
            }
            return inside ? .inside : .outside
        }
    }
}
