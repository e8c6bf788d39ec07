import GeoCore

/// A new CSV file as a `FeatureSink`: x/y columns when the description says all
/// geometries are points, a WKT column otherwise.
public final class CSVSink: FeatureSink {
    private var writer: CSVFeatureWriter?

    /// Creates the output (under a temporary name until `finish()`).
    /// - Throws: `WriteError` when the target exists without `overwrite`.
    public init(path: String, layer: LayerDescription, overwrite: Bool = false) throws(WriteError) {
        let pointsOnly = layer.geometryTypes.map { $0.isSubset(of: [.point]) } ?? false
        writer = try CSVFeatureWriter(path: path, fields: layer.fields.map(\.name), geometry: pointsOnly ? .xy : .wkt, overwrite: overwrite)
    }

    public func write(_ feature: Feature) throws(WriteError) {
        guard writer != nil else { throw WriteError(message: "write after finish") }
        try writer!.write(feature)
    }

    public func finish() throws(WriteError) {
        guard let done = writer.take() else { return }
        try done.finish()
    }
}
