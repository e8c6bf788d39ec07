import GeoCore
import GeoGEOS
import GeoPROJ

/// The `serviceLocation` of features: one point per feature (a polygon's point on its
/// surface), in the output CRS and its authority axis order, and in EPSG:4258 for the
/// metadata's extent.
struct ServiceLocator {
    let output: CRS
    private let toOutput: Transformer
    private let to4258: Transformer
    /// Polygons and lines given as a point on them, features whose height was left out.
    private(set) var pointsOnSurface = 0
    private(set) var heightsLeftOut = 0

    /// Whether output positions follow the CRS's authority axis order (GML) or are always
    /// longitude/easting first (GeoJSON).
    let authorityOrder: Bool

    init(source: CRSReference, output: CRS, authorityOrder: Bool = true) throws {
        self.output = output
        self.authorityOrder = authorityOrder
        toOutput = try Transformer.cached(from: source, to: output.identifier)
        to4258 = try Transformer.cached(from: source, to: "EPSG:4258")
    }

    /// The point that stands for a geometry, in the source CRS; nil (with the reason) when
    /// there is none.
    mutating func point(of geometry: Geometry?) -> Result<Position, LocationProblem> {
        guard let geometry, !geometry.isEmpty else { return .failure(.noGeometry) }
        var point: Position
        switch geometry {
        case .point(let p): point = p
        case .multiPoint(let points) where points.count == 1: point = points[0]
        default:
            guard case .point(let p)? = try? geometry.pointOnSurface() else { return .failure(.noPointOnSurface) }
            point = p
            pointsOnSurface += 1
        }
        if point.z != nil {
            heightsLeftOut += 1
            point = Position(x: point.x, y: point.y)
        }
        guard point.x.isFinite, point.y.isFinite else { return .failure(.noGeometry) }
        return .success(point)
    }

    /// Points in the output CRS, in its authority axis order (GML) or x first (GeoJSON).
    func outputPositions(_ points: [Position]) throws(PROJError) -> [Position] {
        let transformed = try toOutput.transform(points)
        return authorityOrder ? transformed.map { AxisOrder.authorityOrder($0, for: output) } : transformed
    }

    /// A whole geometry in the output CRS, x first (the `none` profile's GeoJSON).
    func outputGeometry(_ geometry: Geometry) throws(PROJError) -> Geometry {
        try toOutput.transform(geometry)
    }

    /// Points in EPSG:4258 as (longitude, latitude).
    func geographicPositions(_ points: [Position]) throws(PROJError) -> [Position] {
        try to4258.transform(points)
    }

    enum LocationProblem: Error {
        case noGeometry, noPointOnSurface

        var message: String {
            switch self {
            case .noGeometry: "no geometry: serviceLocation is mandatory"
            case .noPointOnSurface: "no point on the geometry's surface could be found"
            }
        }
    }
}
