import CGEOS
import GeoCore

/// Overlay operations. Results are in the same CRS as the inputs.
extension Geometry {
    /// The points shared by both geometries.
    /// - Throws: `GEOSError` (for example a TopologyException on invalid input; see `makeValid()`).
    public func intersection(_ other: Geometry) throws(GEOSError) -> Geometry { try geosResult(other, "intersection", GEOSIntersection_r) }
    /// The points in either geometry.
    public func union(_ other: Geometry) throws(GEOSError) -> Geometry { try geosResult(other, "union", GEOSUnion_r) }
    /// The points of this geometry not in `other`.
    public func difference(_ other: Geometry) throws(GEOSError) -> Geometry { try geosResult(other, "difference", GEOSDifference_r) }
    /// The points in exactly one of the geometries.
    public func symmetricDifference(_ other: Geometry) throws(GEOSError) -> Geometry { try geosResult(other, "symmetricDifference", GEOSSymDifference_r) }
    /// The union of this geometry's own parts (dissolves a collection).
    public func unaryUnion() throws(GEOSError) -> Geometry { try geosResult("unaryUnion", GEOSUnaryUnion_r) }

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
