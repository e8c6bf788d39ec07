/// Writes features to a GeoJSON file one at a time, with memory that stays flat however
/// many are written. The output goes to a temporary file that `finish()` renames onto the
/// target, so an interrupted run leaves no half-written file under the target name.
///
/// ```swift
/// var writer = try GeoJSONFeatureWriter(path: "out.geojson", layerName: "aed", crs: .epsg(25832))
/// for feature in features { try writer.write(feature) }
/// try writer.finish()
/// ```
public struct GeoJSONFeatureWriter: ~Copyable {
    /// How the features are framed.
    public enum Style: Sendable {
        /// A FeatureCollection, one feature per line.
        case featureCollection
        /// A GeoJSON text sequence (RFC 8142): each feature led by RS (0x1E), ended by LF.
        case textSequence
        /// Newline-delimited GeoJSON: one feature per line, no RS.
        case newlineDelimited
    }

    private var file: AtomicFile
    private var buffer = ByteWriter(capacity: 1 << 20)
    private let style: Style
    /// The number of features written so far.
    public private(set) var featuresWritten = 0

    /// Opens the output.
    /// - Parameters:
    ///   - path: the target file (`-` for standard output).
    ///   - layerName: written as the FeatureCollection's `name` member.
    ///   - crs: a CRS other than WGS 84 is written as the legacy `crs` member.
    ///   - style: FeatureCollection (default) or a text sequence.
    ///   - overwrite: replace an existing target; otherwise that is an error.
    /// - Throws: `WriteError` when the target exists or the folder is not writable.
    public init(path: String, layerName: String? = nil, crs: CRSReference? = nil, style: Style = .featureCollection, overwrite: Bool = false) throws(WriteError) {
        file = try AtomicFile(path: path, overwrite: overwrite)
        self.style = style
        if style == .featureCollection {
            buffer.writeGeoJSONCollectionHeader(name: layerName, crs: crs)
        }
    }

    /// Writes to a byte stream instead of a file: `output` receives the text in chunks of
    /// about 1 MiB as features are written (an HTTP response body, a buffer), the last one
    /// from `finish()`.
    /// - Parameters:
    ///   - name: how errors name the output.
    ///   - output: receives the bytes; an error it throws ends the writing.
    ///   - layerName: written as the FeatureCollection's `name` member.
    ///   - crs: a CRS other than WGS 84 is written as the legacy `crs` member.
    ///   - style: FeatureCollection (default) or a text sequence.
    public init(streamNamed name: String = "<stream>", to output: @escaping ([UInt8]) throws -> Void, layerName: String? = nil,
                crs: CRSReference? = nil, style: Style = .featureCollection) {
        file = AtomicFile(streamNamed: name, output)
        self.style = style
        if style == .featureCollection {
            buffer.writeGeoJSONCollectionHeader(name: layerName, crs: crs)
        }
    }

    /// Appends one feature.
    /// - Throws: `WriteError` (with the feature index) for a non-finite coordinate or a
    ///   failed write; the target is then left untouched.
    public mutating func write(_ feature: Feature) throws(WriteError) {
        if let error = WriteError.unwritable(feature.geometry, file: file.target, featureIndex: featuresWritten) { throw error }
        switch style {
        case .featureCollection: if featuresWritten > 0 { buffer.write(",\n") }
        case .textSequence: buffer.write(0x1E)
        case .newlineDelimited: break
        }
        do { try buffer.writeGeoJSON(feature: feature) } catch {
            throw WriteError(file: file.target, featureIndex: featuresWritten, message: error.message)
        }
        if style != .featureCollection { buffer.write(0x0A) }
        featuresWritten += 1
        if buffer.bytes.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws(WriteError) {
        try file.write(buffer.bytes)
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    /// Writes the closing bracket and moves the file into place.
    public consuming func finish() throws(WriteError) {
        if style == .featureCollection { buffer.write("\n]}\n") }
        try flush()
        try file.commit()
    }
}

extension GeoJSON {
    /// Writes a layer to a GeoJSON file (atomically: temporary file, then rename).
    /// - Throws: `WriteError` when the target exists without `overwrite`, a coordinate is
    ///   not finite, or the disk refuses.
    public static func write(_ layer: Layer, toPath path: String, style: GeoJSONFeatureWriter.Style = .featureCollection, overwrite: Bool = false) throws(WriteError) {
        var writer = try GeoJSONFeatureWriter(path: path, layerName: layer.name, crs: layer.crs, style: style, overwrite: overwrite)
        for f in layer.features { try writer.write(f) }
        try writer.finish()
    }
}
