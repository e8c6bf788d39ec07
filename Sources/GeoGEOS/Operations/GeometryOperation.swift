import GeoCore

/// What a ``GeometryOperation`` gives: a geometry, a truth value, a number or text.
public enum OperationResult: Sendable, Hashable {
    /// A geometry (an overlay, a buffer…).
    case geometry(Geometry)
    /// A predicate's answer.
    case boolean(Bool)
    /// A measure, in CRS units.
    case number(Double)
    /// Text (a DE-9IM matrix, a validity reason).
    case text(String)
}

/// The GEOS operations by name, as GEOS's `geosop` offers them (`geokit geom` runs them;
/// a script or a server can too): how many geometries and extra arguments each takes,
/// and the GeoGEOS call it makes.
///
/// ```swift
/// let buffer = GeometryOperation.named("buffer")!
/// let result = try buffer.run(point, nil, ["50"], GeometryOperation.Options())
/// ```
public struct GeometryOperation: Sendable {
    /// The name (`intersection`, `buffer`, `is-valid`…).
    public let name: String
    /// How many geometries it takes: 1 (A) or 2 (A and B).
    public let geometries: Int
    /// The names of its extra arguments (`DISTANCE`, `TOLERANCE`…), given as text.
    public let arguments: [String]
    /// What it computes, in one line.
    public let summary: String
    /// Runs it on A (and B) with the extra arguments as text.
    /// - Throws: `GEOSError`, also for an argument that is not a number.
    public let run: @Sendable (_ a: Geometry, _ b: Geometry?, _ arguments: [String], _ options: Options) throws -> OperationResult

    /// Settings that some operations read.
    public struct Options: Sendable {
        /// `buffer`: segments, cap and join styles.
        public var buffer = BufferOptions()
        /// `is-valid`: the reason (text) instead of true or false.
        public var reason = false
        /// `make-valid`: the method.
        public var repair: Geometry.RepairMethod = .linework
        /// Overlays: snap-round to this grid (CRS units).
        public var gridSize: Double?
        /// The defaults.
        public init() {}
    }

    /// The operation with this name, if there is one.
    public static func named(_ name: String) -> GeometryOperation? { all.first { $0.name == name } }

    static func number(_ text: String, _ name: String) throws -> Double {
        guard let v = Double(text), v.isFinite else { throw GEOSError(operation: "arguments", message: "\(name) must be a number, got \"\(text)\"") }
        return v
    }
}

extension GeometryOperation {
    static func predicate(_ name: String, _ summary: String, _ test: @escaping @Sendable (Geometry, Geometry) throws -> Bool) -> GeometryOperation {
        GeometryOperation(name: name, geometries: 2, arguments: [], summary: summary) { a, b, _, _ in .boolean(try test(a, b!)) }
    }

    static func unary(_ name: String, _ summary: String, _ make: @escaping @Sendable (Geometry) throws -> Geometry) -> GeometryOperation {
        GeometryOperation(name: name, geometries: 1, arguments: [], summary: summary) { a, _, _, _ in .geometry(try make(a)) }
    }

    static func binary(_ name: String, _ summary: String, _ make: @escaping @Sendable (Geometry, Geometry, GeometryOperation.Options) throws -> Geometry) -> GeometryOperation {
        GeometryOperation(name: name, geometries: 2, arguments: [], summary: summary) { a, b, _, o in .geometry(try make(a, b!, o)) }
    }

    static func withNumber(_ name: String, _ argument: String, _ summary: String, _ make: @escaping @Sendable (Geometry, Double, GeometryOperation.Options) throws -> OperationResult) -> GeometryOperation {
        GeometryOperation(name: name, geometries: 1, arguments: [argument], summary: summary) { a, _, args, o in
            try make(a, try number(args[0], argument), o)
        }
    }

    /// Every operation, in the order `--list` prints them.
    public static let all: [GeometryOperation] = [
        predicate("intersects", "A and B share a point") { try $0.intersects($1) },
        predicate("disjoint", "A and B share no point") { try $0.isDisjoint(from: $1) },
        predicate("contains", "A contains B") { try $0.contains($1) },
        predicate("within", "A lies within B") { try $0.isWithin($1) },
        predicate("covers", "no point of B lies outside A") { try $0.covers($1) },
        predicate("covered-by", "no point of A lies outside B") { try $0.isCovered(by: $1) },
        predicate("touches", "A and B meet only at their boundaries") { try $0.touches($1) },
        predicate("crosses", "A and B cross") { try $0.crosses($1) },
        predicate("overlaps", "A and B overlap") { try $0.overlaps($1) },
        predicate("equals", "A and B are topologically equal") { try $0.isTopologicallyEqual(to: $1) },
        GeometryOperation(name: "equals-exact", geometries: 2, arguments: ["TOLERANCE"], summary: "same structure, vertices within TOLERANCE") { a, b, args, _ in
            .boolean(try a.isExactlyEqual(to: b!, tolerance: try number(args[0], "TOLERANCE")))
        },
        GeometryOperation(name: "within-distance", geometries: 2, arguments: ["DISTANCE"], summary: "A and B are within DISTANCE (CRS units)") { a, b, args, _ in
            .boolean(try a.isWithinDistance(try number(args[0], "DISTANCE"), of: b!))
        },
        GeometryOperation(name: "relate", geometries: 2, arguments: [], summary: "the DE-9IM matrix of A and B") { a, b, _, _ in .text(try a.relate(b!)) },
        GeometryOperation(name: "relate-pattern", geometries: 2, arguments: ["PATTERN"], summary: "the DE-9IM matrix matches PATTERN") { a, b, args, _ in
            .boolean(try a.relate(b!, pattern: args[0]))
        },
        binary("intersection", "the points A and B share") { try $0.intersection($1, gridSize: $2.gridSize) },
        binary("union", "the points in A or B") { try $0.union($1, gridSize: $2.gridSize) },
        binary("difference", "the points of A not in B") { try $0.difference($1, gridSize: $2.gridSize) },
        binary("sym-difference", "the points in exactly one of A and B") { try $0.symmetricDifference($1, gridSize: $2.gridSize) },
        GeometryOperation(name: "unary-union", geometries: 1, arguments: [], summary: "dissolve A's parts") { a, _, _, o in .geometry(try a.unaryUnion(gridSize: o.gridSize)) },
        withNumber("buffer", "DISTANCE", "the area within DISTANCE of A") { a, d, o in
            .geometry(try a.buffered(by: d, options: o.buffer))
        },
        unary("convex-hull", "the smallest convex polygon holding A") { try $0.convexHull() },
        withNumber("concave-hull", "RATIO", "a concave hull, RATIO 0 (tight) to 1 (convex)") { a, r, _ in .geometry(try a.concaveHull(ratio: r)) },
        unary("envelope", "the bounding rectangle of A") { try $0.envelope() },
        unary("centroid", "the centre of mass of A") { try $0.centroid() },
        unary("point-on-surface", "a point on A") { try $0.pointOnSurface() },
        unary("boundary", "the boundary of A") { try $0.boundary() },
        withNumber("simplify", "TOLERANCE", "Douglas-Peucker simplification") { a, t, _ in .geometry(try a.simplified(tolerance: t)) },
        withNumber("simplify-topology", "TOLERANCE", "simplification that keeps topology") { a, t, _ in .geometry(try a.simplifiedPreservingTopology(tolerance: t)) },
        withNumber("densify", "TOLERANCE", "add vertices so no segment is longer than TOLERANCE") { a, t, _ in .geometry(try a.densified(tolerance: t)) },
        unary("reverse", "A with its vertex order reversed") { try $0.reversed() },
        unary("normalize", "A in normal form") { try $0.normalized() },
        GeometryOperation(name: "snap", geometries: 2, arguments: ["TOLERANCE"], summary: "snap A's vertices to B's within TOLERANCE") { a, b, args, _ in
            .geometry(try a.snapped(to: b!, tolerance: try number(args[0], "TOLERANCE")))
        },
        GeometryOperation(name: "clip", geometries: 1, arguments: ["MINX", "MINY", "MAXX", "MAXY"], summary: "the part of A inside the rectangle") { a, _, args, _ in
            let v = try args.enumerated().map { try number($1, ["MINX", "MINY", "MAXX", "MAXY"][$0]) }
            return .geometry(try a.clipped(to: BoundingBox(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])))
        },
        unary("polygonize", "polygons formed by A's linework") { try Geometry.polygonize([$0]) },
        unary("build-area", "polygons built from A's linework") { try $0.buildArea() },
        unary("line-merge", "A's lines sewn together") { try $0.lineMerged() },
        GeometryOperation(name: "nearest-points", geometries: 2, arguments: [], summary: "the closest points of A and B, as a line") { a, b, _, _ in
            let (p, q) = try a.nearestPoints(to: b!)
            return .geometry(.lineString([p, q]))
        },
        withNumber("interpolate", "DISTANCE", "the point DISTANCE along line A") { a, d, _ in .geometry(try a.interpolated(at: d)) },
        GeometryOperation(name: "project", geometries: 2, arguments: [], summary: "how far along line A the point nearest B lies") { a, b, _, _ in
            .number(try a.projectedDistance(of: b!))
        },
        GeometryOperation(name: "area", geometries: 1, arguments: [], summary: "planar area (square CRS units)") { a, _, _, _ in .number(try a.area()) },
        GeometryOperation(name: "length", geometries: 1, arguments: [], summary: "planar length (CRS units)") { a, _, _, _ in .number(try a.length()) },
        GeometryOperation(name: "distance", geometries: 2, arguments: [], summary: "planar distance (CRS units)") { a, b, _, _ in .number(try a.planarDistance(to: b!)) },
        GeometryOperation(name: "hausdorff", geometries: 2, arguments: [], summary: "discrete Hausdorff distance") { a, b, _, _ in .number(try a.hausdorffDistance(to: b!)) },
        GeometryOperation(name: "frechet", geometries: 2, arguments: [], summary: "discrete Fréchet distance") { a, b, _, _ in .number(try a.frechetDistance(to: b!)) },
        GeometryOperation(name: "is-valid", geometries: 1, arguments: [], summary: "A is valid") { a, _, _, o in
            guard o.reason else { return .boolean(try a.isValid()) }
            return .text(try a.validityProblem()?.description ?? "Valid Geometry")
        },
        GeometryOperation(name: "make-valid", geometries: 1, arguments: [], summary: "a valid version of A") { a, _, _, o in
            .geometry(try a.makeValid(method: o.repair))
        },
        GeometryOperation(name: "is-simple", geometries: 1, arguments: [], summary: "A has no anomalous self-intersection") { a, _, _, _ in .boolean(try a.isSimple()) },
        GeometryOperation(name: "is-empty", geometries: 1, arguments: [], summary: "A has no points") { a, _, _, _ in .boolean(a.isEmpty) },
        GeometryOperation(name: "is-ring", geometries: 1, arguments: [], summary: "A is a closed simple line") { a, _, _, _ in .boolean(try a.isRing()) },
        GeometryOperation(name: "minimum-clearance", geometries: 1, arguments: [], summary: "A's minimum clearance") { a, _, _, _ in .number(try a.minimumClearance()) },
        withNumber("set-precision", "GRID", "A rounded to a grid of size GRID") { a, g, _ in .geometry(try a.settingPrecision(gridSize: g)) },
    ]
}
