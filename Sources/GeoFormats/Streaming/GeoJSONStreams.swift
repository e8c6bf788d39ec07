import GeoCore

/// A GeoJSON file (or GeoJSON text sequence) as a `FeatureSource`, streaming.
public final class GeoJSONSource: FeatureSource {
    // One owner, one thread at a time (a FeatureSource is not shared): no dynamic
    // exclusivity check on every feature.
    @exclusivity(unchecked) private var reader: GeoJSONFeatureReader

    /// Opens a file; `sequence` reads RFC 8142 text sequences or newline-delimited GeoJSON.
    /// - Throws: `ReadError` when the file cannot be opened.
    public init(path: String, sequence: Bool = false) throws(ReadError) {
        reader = try GeoJSONFeatureReader(path: path, sequence: sequence)
    }

    public var layerName: String { reader.layerName }
    /// OGC:CRS84 unless the legacy `crs` member names another (known after the first feature).
    public var crs: CRSReference? { reader.crs }
    public var declaredFields: [Field]? { nil }
    public var warnings: [ReadWarning] { reader.warnings }

    /// Whether a legacy `crs` member after the features is accepted (true for a reader
    /// that keeps every feature and takes the CRS at the end, as `LayerIO.read` does).
    /// When false (streaming), such a member is an error: the features handed out before
    /// it were already labelled with the CRS known then, and a sink written from them
    /// would be mislabelled.
    public var acceptsLateCRS = false

    public func next() throws(ReadError) -> Feature? {
        let feature = try reader.next()
        if reader.crsChangedAfterFeatures && !acceptsLateCRS {
            throw ReadError(format: "GeoJSON", location: SourceLocation(file: reader.path),
                            message: "the legacy \"crs\" member (\(reader.crs.identifier)) comes after the features, which were already read in another CRS; "
                                + "move it before \"features\" or give the CRS of the coordinates explicitly")
        }
        return feature
    }
}

/// A new GeoJSON FeatureCollection or text sequence as a `FeatureSink`.
public final class GeoJSONSink: FeatureSink {
    private var writer: GeoJSONFeatureWriter?

    /// Creates the output (under a temporary name until `finish()`).
    /// - Throws: `WriteError` when the target exists without `overwrite`.
    public init(path: String, layer: LayerSchema, sequence: Bool = false, overwrite: Bool = false) throws(WriteError) {
        writer = try GeoJSONFeatureWriter(path: path, layerName: layer.name, crs: layer.crs,
                                          style: sequence ? .textSequence : .featureCollection, overwrite: overwrite)
    }

    /// A sink that writes to a byte stream (an HTTP response body, a buffer): `output`
    /// receives the GeoJSON in chunks as batches are written, the last one from `finish()`.
    public init(layer: LayerSchema, sequence: Bool = false, to output: @escaping ([UInt8]) throws -> Void) {
        writer = GeoJSONFeatureWriter(streamNamed: layer.name, to: output, layerName: layer.name, crs: layer.crs,
                                      style: sequence ? .textSequence : .featureCollection)
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
