import CGEOS
import GeoCore

/// Planar measures in CRS units: square metres and metres for a projected CRS such as
/// EPSG:25832, but square *degrees* and degrees for EPSG:4326. For true metres on the
/// ellipsoid use `Geodesic` from GeoPROJ (`Geodesic.wgs84.area(of:)`, `.length(of:)`).
extension Geometry {
    private func measure(_ name: String, _ call: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32) throws(GEOSError) -> Double {
        try withGEOS(name) { context, g throws(GEOSError) in
            var value = 0.0
            guard call(context.handle, g, &value) != 0 else { throw context.error(name) }  // 0 on exception
            return value
        }
    }

    private func measure(_ other: Geometry, _ name: String, _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32) throws(GEOSError) -> Double {
        try withGEOS(other, name) { context, a, b throws(GEOSError) in
            var value = 0.0
            guard call(context.handle, a, b, &value) != 0 else { throw context.error(name) }  // 0 on exception
            return value
        }
    }

    /// Planar area in square CRS units.
    public func area() throws(GEOSError) -> Double { try measure("area", GEOSArea_r) }
    /// Planar length (perimeter for polygons) in CRS units.
    public func length() throws(GEOSError) -> Double { try measure("length", GEOSLength_r) }
    /// Planar minimum distance in CRS units (straight lines in the CRS's plane: metres
    /// only in a projected CRS such as EPSG:25832). Distances on the ellipsoid are
    /// `Geodesic.wgs84.distance(from:to:)` and `GeoIndex`'s.
    public func planarDistance(to other: Geometry) throws(GEOSError) -> Double { try measure(other, "distance", GEOSDistance_r) }
    /// Planar minimum distance in CRS units.
    @available(*, deprecated, renamed: "planarDistance(to:)", message: "the distance is planar (CRS units), not geodesic")
    public func distance(to other: Geometry) throws(GEOSError) -> Double { try planarDistance(to: other) }
    /// Discrete Hausdorff distance in CRS units.
    /// - Throws: `GEOSError` when either geometry is empty (the distance is undefined).
    public func hausdorffDistance(to other: Geometry) throws(GEOSError) -> Double {
        guard !isEmpty, !other.isEmpty else { throw .emptyInput("hausdorffDistance") }
        return try measure(other, "hausdorffDistance", GEOSHausdorffDistance_r)
    }
    /// Discrete Fréchet distance in CRS units.
    /// - Throws: `GEOSError` when either geometry is empty (the distance is undefined; GEOS
    ///   3.11 crashes on it).
    public func frechetDistance(to other: Geometry) throws(GEOSError) -> Double {
        guard !isEmpty, !other.isEmpty else { throw .emptyInput("frechetDistance") }
        return try measure(other, "frechetDistance", GEOSFrechetDistance_r)
    }

    /// Hausdorff distance with segments densified by `densifyFraction` (0–1) for accuracy.
    /// - Throws: `GEOSError` when either geometry is empty or GEOS refuses the fraction.
    public func hausdorffDistance(to other: Geometry, densifyFraction: Double) throws(GEOSError) -> Double {
        guard !isEmpty, !other.isEmpty else { throw .emptyInput("hausdorffDistance") }
        return try measure(other, "hausdorffDistance") { h, a, b, v in GEOSHausdorffDistanceDensify_r(h, a, b, densifyFraction, v) }
    }

    /// The minimum clearance: the smallest distance a vertex can move to make the
    /// geometry invalid (infinity when none can).
    public func minimumClearance() throws(GEOSError) -> Double {
        try withGEOS("minimumClearance") { context, g throws(GEOSError) in
            var value = 0.0
            guard GEOSMinimumClearance_r(context.handle, g, &value) == 0 else { throw context.error("minimumClearance") }  // 0 on success
            return value
        }
    }

    /// The line that realises the minimum clearance.
    public func minimumClearanceLine() throws(GEOSError) -> Geometry { try geosResult("minimumClearanceLine", GEOSMinimumClearanceLine_r) }
}
