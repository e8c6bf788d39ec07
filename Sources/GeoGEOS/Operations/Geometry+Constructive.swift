import CGEOS
import GeoCore

/// Constructive operations: hulls, centres, simplification and line work.
extension Geometry {
    /// The smallest convex polygon holding the geometry.
    public func convexHull() throws(GEOSError) -> Geometry { try geosResult("convexHull", GEOSConvexHull_r) }

    /// A concave hull; `ratio` from 0 (tightest) to 1 (the convex hull).
    public func concaveHull(ratio: Double, allowHoles: Bool = false) throws(GEOSError) -> Geometry {
        try geosResult("concaveHull") { h, g in GEOSConcaveHull_r(h, g, ratio, allowHoles ? 1 : 0) }
    }

    /// The bounding rectangle as a polygon (a point for a single position).
    public func envelope() throws(GEOSError) -> Geometry { try geosResult("envelope", GEOSEnvelope_r) }
    /// The centre of mass (may lie outside a concave polygon).
    public func centroid() throws(GEOSError) -> Geometry { try geosResult("centroid", GEOSGetCentroid_r) }
    /// A point guaranteed to lie on the geometry (inside a polygon).
    public func pointOnSurface() throws(GEOSError) -> Geometry { try geosResult("pointOnSurface", GEOSPointOnSurface_r) }
    /// The boundary (rings of a polygon, end points of a line).
    public func boundary() throws(GEOSError) -> Geometry { try geosResult("boundary", GEOSBoundary_r) }

    /// Douglas–Peucker simplification with `tolerance` in CRS units (may break topology).
    public func simplified(tolerance: Double) throws(GEOSError) -> Geometry {
        try geosResult("simplify") { h, g in GEOSSimplify_r(h, g, tolerance) }
    }

    /// Simplification that keeps rings valid and non-crossing.
    /// - Throws: `GEOSError` when `tolerance` is not finite, when a line or ring spans less
    ///   than about 1e-154 CRS units yet more than zero (its squared extent underflows, and
    ///   GEOS 3.11's simplifier recurses until the stack overflows), or when GEOS fails.
    public func simplifiedPreservingTopology(tolerance: Double) throws(GEOSError) -> Geometry {
        guard tolerance.isFinite else { throw GEOSError(operation: "topologyPreserveSimplify", message: "the tolerance must be a finite number") }
        if let part = GEOSInputLimits.partTooSmallToSquare(in: self) {
            throw GEOSError(operation: "topologyPreserveSimplify", message: "\(part) spans more than zero but less than 1e-154 CRS units, too small to simplify")
        }
        return try geosResult("topologyPreserveSimplify") { h, g in GEOSTopologyPreserveSimplify_r(h, g, tolerance) }
    }

    /// Adds vertices so that no segment is longer than `tolerance` (CRS units).
    public func densified(tolerance: Double) throws(GEOSError) -> Geometry {
        try geosResult("densify") { h, g in GEOSDensify_r(h, g, tolerance) }
    }

    /// The geometry with its vertex order reversed.
    public func reversed() throws(GEOSError) -> Geometry { try geosResult("reverse", GEOSReverse_r) }

    /// The geometry in GEOS's normal form (rings start at their lowest vertex, members
    /// sorted), for comparisons.
    public func normalized() throws(GEOSError) -> Geometry {
        try withGEOS("normalize") { context, g throws(GEOSError) in
            // returns -1 on exception
            guard GEOSNormalize_r(context.handle, g) == 0 else { throw context.error("normalize") }
            return try Geometry(geos: g, context: context)
        }
    }

    /// Snaps this geometry's vertices to `reference`'s within `tolerance`.
    public func snapped(to reference: Geometry, tolerance: Double) throws(GEOSError) -> Geometry {
        try geosResult(reference, "snap") { h, a, b in GEOSSnap_r(h, a, b, tolerance) }
    }

    /// The part of the geometry inside a rectangle (fast, may give invalid output for invalid input).
    public func clipped(to box: BoundingBox) throws(GEOSError) -> Geometry {
        try geosResult("clipByRect") { h, g in GEOSClipByRect_r(h, g, box.minX, box.minY, box.maxX, box.maxY) }
    }

    /// Sewn-together lines of a multi-line geometry.
    public func lineMerged() throws(GEOSError) -> Geometry { try geosResult("lineMerge", GEOSLineMerge_r) }

    /// The two closest points, one on each geometry.
    public func nearestPoints(to other: Geometry) throws(GEOSError) -> (Position, Position) {
        try withGEOS(other, "nearestPoints") { context, a, b throws(GEOSError) in
            guard let seq = GEOSNearestPoints_r(context.handle, a, b) else { throw context.error("nearestPoints") }
            defer { GEOSCoordSeq_destroy_r(context.handle, seq) }
            var buffer = [Double](repeating: 0, count: 4)
            guard GEOSCoordSeq_copyToBuffer_r(context.handle, seq, &buffer, 0, 0) != 0 else { throw context.error("nearestPoints") }
            return (Position(x: buffer[0], y: buffer[1]), Position(x: buffer[2], y: buffer[3]))
        }
    }

    /// The point `distance` (CRS units) along a line from its start.
    public func interpolated(at distance: Double) throws(GEOSError) -> Geometry {
        try geosResult("interpolate") { h, g in GEOSInterpolate_r(h, g, distance) }
    }

    /// How far along this line (CRS units) the point nearest to `point` lies.
    public func projectedDistance(of point: Geometry) throws(GEOSError) -> Double {
        try withGEOS(point, "project") { context, line, p throws(GEOSError) in
            let d = GEOSProject_r(context.handle, line, p)
            guard d >= 0 else { throw context.error("project") }  // -1 on exception
            return d
        }
    }
}
