import GeoCore

/// The polygons of a layer for point-in-polygon joins in the layer's own CRS: their rings
/// flattened into one coordinate array (no reference counts or enum unpacking per test),
/// behind a packed R-tree of their planar boxes (z = 0).
/// The arrays live in fixed buffers: the per-point tests read them without reference
/// counting, which otherwise cost a fifth of the join.
final class PlanarIndex {
    private let tree: PackedRTree
    /// x, y of every ring vertex, ring after ring.
    private let coordinates: UnsafeMutableBufferPointer<Double>
    /// Where each ring starts in `coordinates` (in vertices), and one past the last.
    private let ringStarts: UnsafeMutableBufferPointer<Int>
    /// The first ring of each polygon, and one past the last.
    private let polygonStarts: UnsafeMutableBufferPointer<Int>
    /// The first polygon of each feature, and one past the last (features without
    /// polygons have none).
    private let featureStarts: UnsafeMutableBufferPointer<Int>

    init(_ geometries: [Geometry?]) {
        var coordinates: [Double] = [], ringStarts: [Int] = [], polygonStarts: [Int] = [], featureStarts: [Int] = []
        var entries: [(box: PackedRTree.Box, payload: Int)] = []
        featureStarts.reserveCapacity(geometries.count + 1)
        entries.reserveCapacity(geometries.count)
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        func add(_ rings: [[Position]]) {
            guard let shell = rings.first, !shell.isEmpty else { return }
            polygonStarts.append(ringStarts.count)
            for ring in rings {
                ringStarts.append(coordinates.count / 2)
                for p in ring {
                    coordinates.append(p.x)
                    coordinates.append(p.y)
                    minX = min(minX, p.x)
                    minY = min(minY, p.y)
                    maxX = max(maxX, p.x)
                    maxY = max(maxY, p.y)
                }
            }
        }
        for (i, g) in geometries.enumerated() {
            featureStarts.append(polygonStarts.count)
            (minX, minY, maxX, maxY) = (.infinity, .infinity, -.infinity, -.infinity)
            switch g {
            case .polygon(let rings)?: add(rings)
            case .multiPolygon(let parts)?: parts.forEach(add)
            default: continue
            }
            if minX <= maxX, minY <= maxY {
                entries.append((PackedRTree.Box(min: SIMD3(minX, minY, 0), max: SIMD3(maxX, maxY, 0)), i))
            }
        }
        featureStarts.append(polygonStarts.count)
        polygonStarts.append(ringStarts.count)
        ringStarts.append(coordinates.count / 2)
        tree = PackedRTree(boxes: entries)
        self.coordinates = .copying(coordinates)
        self.ringStarts = .copying(ringStarts)
        self.polygonStarts = .copying(polygonStarts)
        self.featureStarts = .copying(featureStarts)
    }

    deinit {
        coordinates.deallocate()
        ringStarts.deallocate()
        polygonStarts.deallocate()
        featureStarts.deallocate()
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

    private func covers(feature: Int, _ p: Position) -> Bool {
        for polygon in featureStarts[feature]..<featureStarts[feature + 1] {
            let rings = polygonStarts[polygon]..<polygonStarts[polygon + 1]
            // Inside or on the shell, and not strictly inside a hole.
            guard location(ofRing: rings.lowerBound, p) != .outside else { continue }
            if !rings.dropFirst().contains(where: { location(ofRing: $0, p) == .inside }) { return true }
        }
        return false
    }

    /// Where `p` lies against one ring of the flat buffer (GeoCore's even-odd edge test).
    private func location(ofRing ring: Int, _ p: Position) -> RingLocation {
        let start = ringStarts[ring], end = ringStarts[ring + 1]
        guard end > start else { return .outside }
        let xy = coordinates
        var inside = false
        var j = end - 1
        for i in start..<end {
            let ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * j], by = xy[2 * j + 1]
            j = i
            // Edges whose y-range misses p cannot cross its ray or hold it.
            if (ay < p.y && by < p.y) || (ay > p.y && by > p.y) { continue }
            let edge = RingLocation.edge(ax: ax, ay: ay, bx: bx, by: by, px: p.x, py: p.y)
            if edge.onEdge { return .boundary }
            if edge.crossesRay { inside.toggle() }
        }
        return inside ? .inside : .outside
    }
}
