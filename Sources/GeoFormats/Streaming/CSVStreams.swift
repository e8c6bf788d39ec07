import GeoCore

/// A new CSV file as a `FeatureSink`: x/y columns when all geometries are points, a WKT
/// column otherwise.
public final class CSVSink: FeatureSink {
    private var writer: CSVFeatureWriter?
    private var spooled: CSVSpooledWriter?

    /// Creates the output (under a temporary name until `finish()`). When the description
    /// gives the geometry types and fixed fields, rows stream straight into the file;
    /// otherwise they are spooled and the header (x/y or WKT, and every property seen) is
    /// written by `finish()`.
    /// - Throws: `WriteError` when the target exists without `overwrite`.
    public init(path: String, layer: LayerSchema, overwrite: Bool = false) throws(WriteError) {
        if let types = layer.geometryTypes, !layer.fieldsMayGrow {
            writer = try CSVFeatureWriter(path: path, fields: layer.fields.map(\.name), geometry: types.isSubset(of: [.point]) ? .xy : .wkt,
                                          overwrite: overwrite, coordinateNames: layer.coordinateColumnNames ?? CoordinateColumnNames())
        } else {
            spooled = try CSVSpooledWriter(path: path, fields: layer.fields.map(\.name), growing: layer.fieldsMayGrow, overwrite: overwrite,
                                           coordinateNames: layer.coordinateColumnNames ?? CoordinateColumnNames())
        }
    }

    public func write(_ feature: Feature) throws(WriteError) {
        if writer != nil {
            try writer!.write(feature)
        } else if spooled != nil {
            try spooled!.write(feature)
        } else {
            throw WriteError(message: "write after finish")
        }
    }

    public func finish() throws(WriteError) {
        if let done = writer.take() { try done.finish() }
        if let done = spooled.take() { try done.finish() }
    }
}
