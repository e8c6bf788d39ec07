import Foundation
import GeoCore
import GeoPROJ

extension GeoIndex {
    /// Geodesic distance, azimuth and nearest point from `q` to a geometry (lon/lat).
    package func measure(from q: Position, to geometry: Geometry, frame: TangentFrame) -> (Double, Double, Position)? {
        switch geometry {
        case .point(let p):
            if p.isEmpty { return nil }
            let r = geodesic.quickInverse(from: q, to: p)
            return (r.distance, r.azimuth, p)
        case .polygon(let rings) where PlanarContainment.contains(rings, q):
            return (0, 0, q)
        case .multiPolygon(let polygons) where polygons.contains(where: { PlanarContainment.contains($0, q) }):
            return (0, 0, q)
        case .geometryCollection(let members):
            return members.compactMap { measure(from: q, to: $0, frame: frame) }.min { $0.0 < $1.0 }
        default:
            // The nearest point of the linework, found on the tangent plane at q, then
            // measured exactly along the ellipsoid.
            var bestPoint: Position?
            var bestPlanar = Double.infinity
            geometry.forEachLine { line in
                guard let first = line.first else { return }
                var a = frame.project(first), pa = first
                if line.count == 1, a.x * a.x + a.y * a.y < bestPlanar {
                    bestPlanar = a.x * a.x + a.y * a.y
                    bestPoint = first
                }
                for pb in line.dropFirst() {
                    let b = frame.project(pb)
                    let d = b - a
                    let lengthSquared = d.x * d.x + d.y * d.y
                    var t = lengthSquared > 0 ? -(a.x * d.x + a.y * d.y) / lengthSquared : 0
                    t = min(1, max(0, t))
                    let c = a + d * t
                    let dist = c.x * c.x + c.y * c.y
                    if dist < bestPlanar {
                        bestPlanar = dist
                        bestPoint = Position(x: pa.x + (pb.x - pa.x) * t, y: pa.y + (pb.y - pa.y) * t)
                    }
                    a = b
                    pa = pb
                }
            }
            guard let p = bestPoint else { return nil }
            let r = geodesic.quickInverse(from: q, to: p)
            return (r.distance, r.azimuth, p)
        }
    }
}

/// East/north coordinates (metres) on the plane tangent to the ellipsoid at a position.
package struct TangentFrame {
    let origin: SIMD3<Double>
    let east: SIMD3<Double>
    let north: SIMD3<Double>

    package init(at position: Position) {
        let (x, y, z) = Geodesic.wgs84.earthCentered(position)
        origin = SIMD3(x, y, z)
        let lat = position.y * .pi / 180, lon = position.x * .pi / 180
        east = SIMD3(-sin(lon), cos(lon), 0)
        north = SIMD3(-sin(lat) * cos(lon), -sin(lat) * sin(lon), cos(lat))
    }

    func project(_ p: Position) -> SIMD2<Double> {
        let (x, y, z) = Geodesic.wgs84.earthCentered(p)
        let d = SIMD3(x, y, z) - origin
        return SIMD2((d * east).sum(), (d * north).sum())
    }
}

/// Point-in-polygon on longitude/latitude (edges straight in degrees, as GeoJSON draws
/// them); points on the boundary count as inside. GeoCore's even-odd test.
enum PlanarContainment {
    static func contains(_ rings: [[Position]], _ p: Position) -> Bool { RingLocation.polygon(rings, contains: p) }
}
