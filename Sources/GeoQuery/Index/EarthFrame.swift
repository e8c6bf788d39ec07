import GeoCore
import GeoPROJ

/// Earth-centred coordinates (metres) turned so that the third axis points at the middle
/// of a layer: a rotation, so straight-line distances, and with them every bound the
/// index relies on, stay exactly what they were.
///
/// Why: a district's points lie on a patch of the ellipsoid that is tilted against the
/// earth-centred axes, so axis-aligned boxes around parts of it are cubes that reach far
/// off the surface and prune badly. In the turned frame the patch is nearly flat in the
/// first two axes, its boxes are thin slabs, and the index can tile it in two dimensions.
struct EarthFrame: Sendable {
    let xAxis: SIMD3<Double>
    let yAxis: SIMD3<Double>
    let zAxis: SIMD3<Double>
    let ellipsoid: Ellipsoid

    /// A frame whose third axis points along `direction` (any length; the plain
    /// earth-centred axes when it is zero).
    init(pointingAt direction: SIMD3<Double>, ellipsoid: Ellipsoid) {
        self.ellipsoid = ellipsoid
        let length = (direction * direction).sum().squareRoot()
        guard length > 0, length.isFinite else {
            (xAxis, yAxis, zAxis) = (SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))
            return
        }
        let z = direction / length
        let helper = abs(z.z) < 0.9 ? SIMD3<Double>(0, 0, 1) : SIMD3<Double>(1, 0, 0)
        let x = EarthFrame.normalized(EarthFrame.cross(helper, z))
        (xAxis, yAxis, zAxis) = (x, EarthFrame.cross(z, x), z)
    }

    /// A frame centred on the positions of a set of geometries (their mean direction).
    init(centeredOn geometries: [Geometry?], ellipsoid: Ellipsoid) {
        var sum = SIMD3<Double>(0, 0, 0)
        for case let g? in geometries {
            var first: Position?
            g.forEachPosition { if first == nil { first = $0 } }
            guard let p = first, p.isFinite else { continue }
            let (x, y, z) = ellipsoid.earthCentered(p)
            sum += EarthFrame.normalized(SIMD3(x, y, z))
        }
        self.init(pointingAt: sum, ellipsoid: ellipsoid)
    }

    /// The turned earth-centred coordinates of a longitude/latitude position on the ellipsoid.
    @inline(__always)
    func coordinates(of position: Position) -> SIMD3<Double> {
        let (x, y, z) = ellipsoid.earthCentered(position)
        let p = SIMD3(x, y, z)
        return SIMD3((p * xAxis).sum(), (p * yAxis).sum(), (p * zAxis).sum())
    }

    private static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    private static func normalized(_ v: SIMD3<Double>) -> SIMD3<Double> {
        v / (v * v).sum().squareRoot()
    }
}
