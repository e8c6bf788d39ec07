/// Where a point lies against a ring by the even-odd rule, with points on an edge on
/// the boundary: the one test that the shapefile reader (which holes go in which shell),
/// the nearest search and the spatial join use. Edges are straight in the ring's
/// coordinates.
package enum RingLocation: Sendable, Hashable {
    case inside, outside, boundary

    /// One edge's part of the test: whether `p` lies on the edge from `a` to `b`, and
    /// whether the edge crosses the ray from `p` towards +x (each crossing flips inside
    /// and outside).
    @inlinable @inline(__always)
    package static func edge(ax: Double, ay: Double, bx: Double, by: Double, px: Double, py: Double) -> (onEdge: Bool, crossesRay: Bool) {
        let cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
        let onEdge = cross == 0 && min(ax, bx) <= px && px <= max(ax, bx) && min(ay, by) <= py && py <= max(ay, by)
        let crossesRay = (ay > py) != (by > py) && px < (bx - ax) * (py - ay) / (by - ay) + ax
        return (onEdge, crossesRay)
    }

    /// Where `p` lies against `ring` (closed or not).
    package static func of(_ p: Position, in ring: [Position]) -> RingLocation {
        guard !ring.isEmpty else { return .outside }
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            j = i
            let edge = edge(ax: a.x, ay: a.y, bx: b.x, by: b.y, px: p.x, py: p.y)
            if edge.onEdge { return .boundary }
            if edge.crossesRay { inside.toggle() }
        }
        return inside ? .inside : .outside
    }

    /// Whether `p` lies in the polygon (`rings`: shell, then holes): inside or on the
    /// shell, and not strictly inside a hole.
    package static func polygon(_ rings: [[Position]], contains p: Position) -> Bool {
        guard let shell = rings.first, of(p, in: shell) != .outside else { return false }
        return !rings.dropFirst().contains { of(p, in: $0) == .inside }
    }
}
