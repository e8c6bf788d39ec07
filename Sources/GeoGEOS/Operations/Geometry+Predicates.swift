import CGEOS
import GeoCore

/// Spatial predicates (DE-9IM), named as Shapely names them. Coordinates must share a CRS.
extension Geometry {
    /// Runs a GEOS predicate that returns 1 (true), 0 (false) or 2 (exception).
    private func predicate(_ other: Geometry, _ name: String, _ test: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        try withGEOS(other, name) { context, a, b throws(GEOSError) in
            try context.boolean(test(context.handle, a, b), name)
        }
    }

    /// True when the geometries share at least one point.
    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "intersects", GEOSIntersects_r) }
    /// True when the geometries share no point.
    public func isDisjoint(from other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "disjoint", GEOSDisjoint_r) }
    /// True when `other` lies in this geometry's interior or boundary, with interiors meeting.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "contains", GEOSContains_r) }
    /// True when this geometry lies within `other`.
    public func isWithin(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "within", GEOSWithin_r) }
    /// True when no point of `other` lies outside this geometry.
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "covers", GEOSCovers_r) }
    /// True when no point of this geometry lies outside `other`.
    public func isCovered(by other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "coveredBy", GEOSCoveredBy_r) }
    /// True when the geometries meet only at their boundaries.
    public func touches(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "touches", GEOSTouches_r) }
    /// True when the geometries cross (interiors meet in a lower dimension).
    public func crosses(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "crosses", GEOSCrosses_r) }
    /// True when the geometries overlap (same dimension, each has points outside the other).
    public func overlaps(_ other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "overlaps", GEOSOverlaps_r) }
    /// True when the geometries are topologically equal (same point set).
    public func isTopologicallyEqual(to other: Geometry) throws(GEOSError) -> Bool { try predicate(other, "equals", GEOSEquals_r) }

    /// True when the geometries have the same structure and every vertex pair is within
    /// `tolerance` (CRS units) of each other.
    public func isExactlyEqual(to other: Geometry, tolerance: Double = 0) throws(GEOSError) -> Bool {
        try predicate(other, "equalsExact") { h, a, b in GEOSEqualsExact_r(h, a, b, tolerance) }
    }

    /// True when the geometries are within `distance` (CRS units) of each other.
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws(GEOSError) -> Bool {
        try predicate(other, "isWithinDistance") { h, a, b in GEOSDistanceWithin_r(h, a, b, distance) }
    }

    /// The DE-9IM intersection matrix, e.g. `"FF2FF1212"`.
    public func relate(_ other: Geometry) throws(GEOSError) -> String {
        try withGEOS(other, "relate") { context, a, b throws(GEOSError) in
            guard let text = GEOSRelate_r(context.handle, a, b) else { throw context.error("relate") }
            defer { context.free(text) }
            return String(cString: text)
        }
    }

    /// True when the DE-9IM matrix matches `pattern` (e.g. `"T*F**F***"` for within).
    public func relate(_ other: Geometry, pattern: String) throws(GEOSError) -> Bool {
        try predicate(other, "relatePattern") { h, a, b in GEOSRelatePattern_r(h, a, b, pattern) }
    }
}
