import GeoCore

extension GeoPackageReader: FeatureSource {
    public var layerName: String { layer.name }
    /// False for an attribute table.
    public var hasGeometry: Bool { layer.geometryColumn != nil }
    public var crs: CRSReference? { layer.crs }
    public var declaredFields: [Field]? { layer.fields }
}

/// One new layer in a new GeoPackage file as a `FeatureSink`.
public final class GeoPackageSink: FeatureSink {
    private let writer: GeoPackageWriter

    /// Creates the file and the layer's table.
    /// - Throws: `WriteError` when the target exists without `overwrite`, or the CRS is unknown.
    public init(path: String, layer: LayerSchema, overwrite: Bool = false) throws(WriteError) {
        writer = try GeoPackageWriter(path: path, overwrite: overwrite)
        try writer.beginLayer(name: layer.name.isEmpty ? "layer" : layer.name, crs: layer.crs, fields: layer.fields, growingFields: layer.fieldsMayGrow,
                              hasGeometry: layer.hasGeometry)
    }

    public func write(_ feature: Feature) throws(WriteError) { try writer.write(feature) }
    public func finish() throws(WriteError) { try writer.finish() }
}

/// One layer of a GeoPackage that holds several (`GeoPackageWriter.layerSink`): `finish()`
/// completes the layer, not the file; `discard()` drops it.
public final class GeoPackageLayerSink: FeatureSink {
    private let writer: GeoPackageWriter

    init(writer: GeoPackageWriter) {
        self.writer = writer
    }

    public func write(_ feature: Feature) throws(WriteError) { try writer.write(feature) }
    public func finish() throws(WriteError) { try writer.endLayer() }
    /// Drops the layer and what was written to it.
    public func discard() throws(WriteError) { try writer.discardLayer() }
}

extension GeoPackageWriter {
    /// Begins a layer described by `layer` and returns a sink for it.
    /// - Throws: `WriteError` for a duplicate name or an unknown CRS.
    public func layerSink(for layer: LayerSchema) throws(WriteError) -> GeoPackageLayerSink {
        try beginLayer(name: layer.name.isEmpty ? "layer" : layer.name, crs: layer.crs, fields: layer.fields, growingFields: layer.fieldsMayGrow,
                       hasGeometry: layer.hasGeometry)
        return GeoPackageLayerSink(writer: self)
    }
}
