import CGEOS
import Foundation
import GeoCore

/// A geometry prepared for many predicate tests against it, e.g. a district boundary
/// tested against 100,000 points: GEOS builds its indexes once and answers each test
/// far faster than the plain predicates.
///
/// The indexes are built eagerly in `init` (GEOS builds them lazily on first use, which is
/// not safe to race), so a `PreparedGeometry` can be shared by many tasks afterwards. Each
/// call borrows a pooled GEOS context for the other geometry.
public final class PreparedGeometry: @unchecked Sendable {
    // @unchecked: `geometry` and `prepared` are immutable after init; GEOS's prepared
    // queries only read them once the indexes exist, which init forces.
    private let geometry: OpaquePointer
    private let prepared: OpaquePointer
    /// The geometry that was prepared.
    public let base: Geometry

    /// Prepares a geometry.
    /// - Throws: `GEOSError` when GEOS cannot build it.
    public init(_ base: Geometry) throws(GEOSError) {
        self.base = base
        // Prepared in a pooled context: GEOS ties the geometry to no context (a context
        // only reports errors), so each test borrows any context.
        (geometry, prepared) = try GEOSContextPool.with { context throws(GEOSError) in
            let h = context.handle
            let geometry = try base.makeGEOS(context)
            guard let prepared = GEOSPrepare_r(h, geometry) else {
                GEOSGeom_destroy_r(h, geometry)
                throw context.error("prepare")
            }
            // Force the lazily built indexes now, before the object is shared.
            if let probe = base.boundingBox.map({ Position(x: $0.minX - 1, y: $0.minY - 1) }),
               let point = GEOSGeom_createPointFromXY_r(h, probe.x, probe.y) {
                _ = GEOSPreparedIntersects_r(h, prepared, point)
                _ = GEOSPreparedContains_r(h, prepared, point)
                _ = GEOSPreparedCovers_r(h, prepared, point)
                _ = GEOSPreparedDistanceWithin_r(h, prepared, point, 0)
                GEOSGeom_destroy_r(h, point)
            }
            return (geometry, prepared)
        }
    }

    deinit {
        let (geometry, prepared) = (self.geometry, self.prepared)
        GEOSContextPool.with { context in
            GEOSPreparedGeom_destroy_r(context.handle, prepared)
            GEOSGeom_destroy_r(context.handle, geometry)
        }
    }

    private func test(_ other: Geometry, _ name: String, _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        try other.withGEOS(name) { context, g throws(GEOSError) in
            try context.boolean(call(context.handle, prepared, g), name)
        }
    }

    /// True when the prepared geometry contains `other`.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "contains", GEOSPreparedContains_r) }
    /// True when `other` lies in the prepared geometry's interior (not touching its boundary).
    public func containsProperly(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "containsProperly", GEOSPreparedContainsProperly_r) }
    /// True when the geometries share a point.
    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "intersects", GEOSPreparedIntersects_r) }
    /// True when no point of `other` lies outside the prepared geometry.
    public func covers(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "covers", GEOSPreparedCovers_r) }
    /// True when the prepared geometry is covered by `other`.
    public func isCovered(by other: Geometry) throws(GEOSError) -> Bool { try test(other, "coveredBy", GEOSPreparedCoveredBy_r) }
    /// True when the prepared geometry lies within `other`.
    public func isWithin(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "within", GEOSPreparedWithin_r) }
    /// True when the geometries touch.
    public func touches(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "touches", GEOSPreparedTouches_r) }
    /// True when the geometries cross.
    public func crosses(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "crosses", GEOSPreparedCrosses_r) }
    /// True when the geometries overlap.
    public func overlaps(_ other: Geometry) throws(GEOSError) -> Bool { try test(other, "overlaps", GEOSPreparedOverlaps_r) }
    /// True when the geometries share no point.
    public func isDisjoint(from other: Geometry) throws(GEOSError) -> Bool { try test(other, "disjoint", GEOSPreparedDisjoint_r) }
    /// True when `other` is within `distance` (CRS units).
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws(GEOSError) -> Bool {
        try test(other, "isWithinDistance") { h, p, g in GEOSPreparedDistanceWithin_r(h, p, g, distance) }
    }

    /// Point-in-polygon for many positions at once: one context, one reusable point, no
    /// geometry conversion per position. `true` where the prepared geometry contains the
    /// position.
    public func contains(_ positions: [Position]) throws(GEOSError) -> [Bool] {
        try GEOSContextPool.with { context throws(GEOSError) in
            var result = [Bool](repeating: false, count: positions.count)
            for (i, p) in positions.enumerated() {
                guard let point = GEOSGeom_createPointFromXY_r(context.handle, p.x, p.y) else { throw context.error("contains") }
                let answer = GEOSPreparedContains_r(context.handle, prepared, point)
                GEOSGeom_destroy_r(context.handle, point)
                guard answer != 2 else { throw context.error("contains") }  // 2 on exception
                result[i] = answer == 1
            }
            return result
        }
    }
}
