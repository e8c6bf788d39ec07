/// A `ConversionStep` that repairs invalid polygons with GEOS (`makeValid` by the
/// structure method, keeping all input area): what `geokit convert --make-valid` adds.
/// It lives in the umbrella module because it needs both GeoGEOS and GeoFormats.
public struct MakeValidStep: ConversionStep {
    /// Creates the step.
    public init() {}

    /// Repairs each invalid polygon, multipolygon or collection of the batch.
    /// - Returns: how many geometries were repaired.
    /// - Throws: `GEOSError` when GEOS cannot read or repair a geometry.
    public func apply(to batch: inout [Feature]) throws -> Int {
        var repaired = 0
        for i in batch.indices {
            guard let g = batch[i].geometry, g.type == .polygon || g.type == .multiPolygon || g.type == .geometryCollection,
                  try !g.isValid() else { continue }
            batch[i].geometry = try g.makeValid(method: .structure(keepCollapsed: false))
            repaired += 1
        }
        return repaired
    }
}
