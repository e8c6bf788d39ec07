import CGEOS
import GeoCore

/// Overlay operations. Results are in the same CRS as the inputs.
extension Geometry {
    /// The points shared by both geometries.
    /// - Parameter gridSize: when given, the overlay snap-rounds to this precision grid
    ///   (CRS units), as with a fixed precision model.
    /// - Throws: `GEOSError` (for example a TopologyException on invalid input; see `makeValid()`).
    public func intersection(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try geosResult(other, "intersection") { h, a, b in GEOSIntersectionPrec_r(h, a, b, gridSize) } }
        return try geosResult(other, "intersection", GEOSIntersection_r)
    }

    /// The points in either geometry (`gridSize` as in `intersection`).
    public func union(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try geosResult(other, "union") { h, a, b in GEOSUnionPrec_r(h, a, b, gridSize) } }
        return try geosResult(other, "union", GEOSUnion_r)
    }

    /// The points of this geometry not in `other` (`gridSize` as in `intersection`).
    public func difference(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try geosResult(other, "difference") { h, a, b in GEOSDifferencePrec_r(h, a, b, gridSize) } }
        return try geosResult(other, "difference", GEOSDifference_r)
    }

    /// The points in exactly one of the geometries (`gridSize` as in `intersection`).
    public func symmetricDifference(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try geosResult(other, "symmetricDifference") { h, a, b in GEOSSymDifferencePrec_r(h, a, b, gridSize) } }
        return try geosResult(other, "symmetricDifference", GEOSSymDifference_r)
    }

    /// The union of this geometry's own parts (dissolves a collection).
    public func unaryUnion(gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try geosResult("unaryUnion") { h, g in GEOSUnaryUnionPrec_r(h, g, gridSize) } }
        return try geosResult("unaryUnion", GEOSUnaryUnion_r)
    }

    /// Polygons built from the linework of this geometry (GEOS `BuildArea`).
    public func buildArea() throws(GEOSError) -> Geometry { try geosResult("buildArea", GEOSBuildArea_r) }

    /// The geometry with every coordinate rounded to a grid of `gridSize` (CRS units).
    /// - Parameters:
    ///   - keepCollapsed: keep elements that collapse to a lower dimension.
    ///   - pointwise: round each vertex only, without repairing topology (may be invalid).
    public func settingPrecision(gridSize: Double, keepCollapsed: Bool = false, pointwise: Bool = false) throws(GEOSError) -> Geometry {
        let flags = (pointwise ? Int32(GEOS_PREC_NO_TOPO.rawValue) : 0) | (keepCollapsed ? Int32(GEOS_PREC_KEEP_COLLAPSED.rawValue) : 0)
        return try geosResult("setPrecision") { h, g in GEOSGeom_setPrecision_r(h, g, gridSize, flags) }
    }

    /// The union of many geometries at once (GEOS's cascaded union: much faster than
    /// folding `union(_:)` over thousands of polygons).
    public static func union(of geometries: [Geometry]) throws(GEOSError) -> Geometry {
        try Geometry.geometryCollection(geometries).unaryUnion()
    }

    /// Polygons formed from the linework of many geometries.
    public static func polygonize(_ geometries: [Geometry]) throws(GEOSError) -> Geometry {
        try GEOSContextPool.with { context throws(GEOSError) in
            var made: [OpaquePointer?] = []
            defer { for g in made { if let g { GEOSGeom_destroy_r(context.handle, g) } } }
            for g in geometries { made.append(try g.makeGEOS(context)) }
            let result = made.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: OpaquePointer?.self) { GEOSPolygonize_r(context.handle, $0.baseAddress, UInt32($0.count)) }
            }
            guard let result else { throw context.error("polygonize") }
            defer { GEOSGeom_destroy_r(context.handle, result) }
            return try Geometry(geos: result, context: context)
        }
    }
}
