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
    /// Planar minimum distance in CRS units.
    public func distance(to other: Geometry) throws(GEOSError) -> Double { try measure(other, "distance", GEOSDistance_r) }
    /// Discrete Hausdorff distance in CRS units.
    public func hausdorffDistance(to other: Geometry) throws(GEOSError) -> Double { try measure(other, "hausdorffDistance", GEOSHausdorffDistance_r) }
    /// Discrete Fréchet distance in CRS units.
    public func frechetDistance(to other: Geometry) throws(GEOSError) -> Double { try measure(other, "frechetDistance", GEOSFrechetDistance_r) }
}
