/// A geometry of the OGC Simple Features model, as GeoJSON (RFC 7946), WKT and WKB know it.
///
/// Rings are lists of positions whose first and last position are equal; a polygon is a
/// list of rings, the first the exterior (shell) and the others holes. Coordinates are in
/// the units of the layer's CRS, in x = longitude/easting, y = latitude/northing order.
///
/// Empty geometries are empty arrays (`.lineString([])`, `.polygon([])`) and, for points,
/// the empty position (`.point(.empty)`).
public enum Geometry: Sendable, Hashable {
    /// A single position.
    case point(Position)
    /// Zero or more positions.
    case multiPoint([Position])
    /// Two or more positions joined by straight segments (zero for an empty line).
    case lineString([Position])
    /// Zero or more line strings.
    case multiLineString([[Position]])
    /// An exterior ring followed by zero or more interior rings (holes).
    case polygon([[Position]])
    /// Zero or more polygons.
    case multiPolygon([[[Position]]])
    /// Zero or more geometries of any kind.
    case geometryCollection([Geometry])

    /// The kind of this geometry, without its coordinates.
    public var type: GeometryType {
        switch self {
        case .point: .point
        case .multiPoint: .multiPoint
        case .lineString: .lineString
        case .multiLineString: .multiLineString
        case .polygon: .polygon
        case .multiPolygon: .multiPolygon
        case .geometryCollection: .geometryCollection
        }
    }

    /// True when the geometry has no positions at all.
    public var isEmpty: Bool {
        switch self {
        case .point(let p): p.isEmpty
        case .multiPoint(let ps): ps.allSatisfy(\.isEmpty)
        case .lineString(let ps): ps.isEmpty
        case .multiLineString(let ls): ls.allSatisfy(\.isEmpty)
        case .polygon(let rings): rings.allSatisfy(\.isEmpty)
        case .multiPolygon(let polys): polys.allSatisfy { $0.allSatisfy(\.isEmpty) }
        case .geometryCollection(let gs): gs.allSatisfy(\.isEmpty)
        }
    }

    /// True when any position of the geometry has a z value.
    public var hasZ: Bool {
        var found = false
        forEachPosition { if $0.z != nil { found = true } }
        return found
    }

    /// The number of positions in the geometry (an empty point counts zero).
    public var positionCount: Int {
        switch self {
        case .point(let p): p.isEmpty ? 0 : 1
        case .multiPoint(let ps), .lineString(let ps): ps.count
        case .multiLineString(let ls), .polygon(let ls): ls.reduce(0) { $0 + $1.count }
        case .multiPolygon(let polys): polys.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        case .geometryCollection(let gs): gs.reduce(0) { $0 + $1.positionCount }
        }
    }

    /// Calls `body` for every non-empty position of the geometry, in storage order.
    public func forEachPosition(_ body: (Position) throws -> Void) rethrows {
        switch self {
        case .point(let p):
            if !p.isEmpty { try body(p) }
        case .multiPoint(let ps), .lineString(let ps):
            for p in ps { try body(p) }
        case .multiLineString(let ls), .polygon(let ls):
            for l in ls { for p in l { try body(p) } }
        case .multiPolygon(let polys):
            for poly in polys { for ring in poly { for p in ring { try body(p) } } }
        case .geometryCollection(let gs):
            for g in gs { try g.forEachPosition(body) }
        }
    }

    /// Returns the geometry with `transform` applied to every position, keeping the structure.
    public func mapPositions(_ transform: (Position) throws -> Position) rethrows -> Geometry {
        switch self {
        case .point(let p): return .point(p.isEmpty ? p : try transform(p))
        case .multiPoint(let ps): return .multiPoint(try ps.map(transform))
        case .lineString(let ps): return .lineString(try ps.map(transform))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try $0.map(transform) })
        case .polygon(let rings): return .polygon(try rings.map { try $0.map(transform) })
        case .multiPolygon(let polys):
            return .multiPolygon(try polys.map { try $0.map { try $0.map(transform) } })
        case .geometryCollection(let gs):
            return .geometryCollection(try gs.map { try $0.mapPositions(transform) })
        }
    }

    /// The smallest axis-aligned box holding every position, or `nil` when the geometry is empty.
    public var boundingBox: BoundingBox? {
        var box = BoundingBox.Accumulator()
        forEachPosition { box.add($0) }
        return box.box
    }
}

/// The kinds of geometry, named as GeoJSON names them (`"Point"`, `"MultiPolygon"`…).
public enum GeometryType: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case point = "Point"
    case multiPoint = "MultiPoint"
    case lineString = "LineString"
    case multiLineString = "MultiLineString"
    case polygon = "Polygon"
    case multiPolygon = "MultiPolygon"
    case geometryCollection = "GeometryCollection"

    /// The WKT keyword, upper case (`POINT`, `MULTIPOLYGON`…).
    public var wktName: String { rawValue.uppercased() }

    /// The OGC WKB type code of the 2D geometry (1 for Point … 7 for GeometryCollection).
    public var wkbCode: UInt32 {
        switch self {
        case .point: 1
        case .lineString: 2
        case .polygon: 3
        case .multiPoint: 4
        case .multiLineString: 5
        case .multiPolygon: 6
        case .geometryCollection: 7
        }
    }

    /// Looks a type up by its OGC WKB code (1…7), or returns `nil`.
    public init?(wkbCode: UInt32) {
        guard let match = GeometryType.allCases.first(where: { $0.wkbCode == wkbCode }) else { return nil }
        self = match
    }

    public static func < (lhs: GeometryType, rhs: GeometryType) -> Bool { lhs.wkbCode < rhs.wkbCode }
}
