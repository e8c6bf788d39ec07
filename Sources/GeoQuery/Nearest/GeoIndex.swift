import Foundation
import GeoCore
import GeoPROJ

/// A spatial index over a layer that answers distance questions in metres on the
/// ellipsoid: the nearest defibrillator, every school within 500 m, the roof at an address.
///
/// ```swift
/// let index = try GeoIndex(aeds)                                   // once, any CRS
/// let best = try index.nearest(to: Position(longitude: 6.958, latitude: 50.941), count: 3)
/// best[0].distance   // metres (Karney geodesic on WGS 84), best[0].azimuth in degrees
/// ```
///
/// Built once (O(n log n)), immutable and `Sendable`: share one index between all the
/// requests of a server; queries take no lock and share no reference count. Geometries
/// are kept in longitude/latitude; entries are indexed by earth-centred boxes, whose
/// straight-line distance never exceeds the distance along the ellipsoid, so the search
/// prunes safely and the answers are geodesic metres, not planar degrees. Distances and
/// azimuths are Karney's (PROJ) for lines over 50 km; shorter ones come from the
/// ellipsoid's curvature (`Ellipsoid.nearbyInverse`), which agrees with Karney's to
/// nanometres in distance and micrometres sideways.
public final class GeoIndex: Sendable {
    /// The indexed layer, as given (its CRS and coordinates unchanged).
    public let layer: Layer
    /// The geometries in longitude/latitude (degrees), parallel to `layer.features`.
    package let geographic: [Geometry?]
    let tree: PackedRTree
    let geodesic = Geodesic.wgs84
    /// WGS 84 as plain numbers, for the arithmetic of the searches.
    let ellipsoid = Geodesic.wgs84.ellipsoid
    /// The earth-centred frame of the tree's boxes, turned towards the layer.
    let frame: EarthFrame
    /// The extent of the layer in longitude/latitude, if it has geometries.
    public let geographicBounds: BoundingBox?
    /// Whether every indexed geometry is a single point (the searches take a faster path).
    let holdsOnlyPoints: Bool
    /// When `holdsOnlyPoints`, each feature's point in longitude/latitude (NaN when it has
    /// none), read without unpacking a `Geometry` or taking a reference count.
    /// (nonisolated(unsafe): written once in init, only read afterwards, freed in deinit.)
    nonisolated(unsafe) let points: UnsafeMutableBufferPointer<Position>

    /// Indexes a layer in any CRS PROJ knows (a layer without CRS is taken as CRS84).
    /// - Throws: `PROJError` when the layer's CRS cannot be transformed to WGS 84.
    public init(_ layer: Layer) throws {
        self.layer = layer
        var features = layer.features
        if let crs = layer.crs, !crs.isWGS84Geographic {
            features = try Transformer.cached(from: crs, to: "OGC:CRS84").transform(layer).features
        }
        geographic = features.map(\.geometry)
        frame = EarthFrame(centeredOn: geographic, ellipsoid: ellipsoid)
        var entries: [(box: PackedRTree.Box, payload: Int)] = []
        entries.reserveCapacity(features.count)
        var bounds = BoundingBox.Accumulator()
        var onlyPoints = true
        for (i, g) in geographic.enumerated() {
            guard let g, let box = GeoIndex.earthCenteredBox(of: g, in: frame) else { continue }
            entries.append((box, i))
            if case .point = g {} else { onlyPoints = false }
            g.forEachPosition { bounds.add($0) }
        }
        tree = PackedRTree(boxes: entries)
        geographicBounds = bounds.box
        holdsOnlyPoints = onlyPoints
        points = .copying(onlyPoints ? geographic.map { if case .point(let p)? = $0 { p } else { Position(x: .nan, y: .nan) } } : [])
    }

    /// Indexes bare geometries, for values that are not features (rows of your own
    /// table, stops of a route): `Neighbor.featureIndex` is the geometry's index in the
    /// array, so keep the payloads in an array parallel to it. A nil geometry is never
    /// found.
    /// - Parameters:
    ///   - geometries: the geometries, in `crs`.
    ///   - crs: their CRS (nil is taken as CRS84).
    /// - Throws: `PROJError` when the CRS cannot be transformed to WGS 84.
    public convenience init(geometries: [Geometry?], crs: CRSReference? = .crs84) throws {
        try self.init(Layer(name: "", crs: crs, features: geometries.map { Feature(geometry: $0) }, fields: []))
    }

    deinit {
        points.deallocate()
    }

    /// The earth-centred box of a geometry's vertices, widened by how far a straight edge
    /// can bulge above its chord (a²/8R), so that it holds the whole geometry.
    static func earthCenteredBox(of geometry: Geometry, in frame: EarthFrame) -> PackedRTree.Box? {
        var box: PackedRTree.Box?
        var previous: SIMD3<Double>?
        var margin = 0.0
        func add(_ p: Position, continuing: Bool) {
            let v = frame.coordinates(of: p)
            if box == nil { box = PackedRTree.Box(point: v) } else { box!.expand(toInclude: PackedRTree.Box(point: v)) }
            if continuing, let previous {
                let d = v - previous
                margin = max(margin, (d * d).sum() / (8 * 6_335_439))
            }
            previous = v
        }
        switch geometry {
        case .point(let p): if !p.isEmpty { add(p, continuing: false) }
        case .multiPoint(let ps): ps.forEach { add($0, continuing: false) }
        default:
            geometry.forEachLine { line in
                previous = nil
                for p in line { add(p, continuing: true) }
            }
        }
        return box?.padded(by: margin + 0.001)
    }

    /// Checks that a longitude/latitude position is plausible for this layer.
    /// - Throws: `QueryError.positionOutOfRange` or `.positionLooksSwapped`.
    public func validate(_ position: Position) throws {
        guard abs(position.y) <= 90, abs(position.x) <= 180, position.isFinite else {
            throw QueryError.positionOutOfRange(position)
        }
        guard let b = geographicBounds else { return }
        let margin = 1.0  // degrees
        func near(_ p: Position) -> Bool {
            p.x >= b.minX - margin && p.x <= b.maxX + margin && p.y >= b.minY - margin && p.y <= b.maxY + margin
        }
        let swapped = Position(x: position.y, y: position.x)
        if !near(position), near(swapped) {
            throw QueryError.positionLooksSwapped(position, suggestion: swapped)
        }
    }

    /// A query position in longitude/latitude.
    func geographicPosition(_ position: Position, crs: CRSReference) throws -> Position {
        if crs.isWGS84Geographic { return position }
        return try Transformer.cached(from: crs, to: "OGC:CRS84").transform(position)
    }
}

extension Geometry {
    /// Calls `body` with each line of positions: a line string, each ring, each part.
    func forEachLine(_ body: ([Position]) -> Void) {
        switch self {
        case .point(let p): body([p])
        case .multiPoint(let ps): ps.forEach { body([$0]) }
        case .lineString(let ps): body(ps)
        case .multiLineString(let ls), .polygon(let ls): ls.forEach(body)
        case .multiPolygon(let polys): polys.forEach { $0.forEach(body) }
        case .geometryCollection(let gs): gs.forEach { $0.forEachLine(body) }
        }
    }
}
