import GeoCore

extension LayerSummary {
    /// Summarises a layer by reading every feature of a file in any supported format
    /// (`-` is GeoJSON on standard input): counts, geometry types, extent, CRS, fields with
    /// their types and nulls. Streams: a file of any size takes constant memory.
    /// - Parameters:
    ///   - path: the file.
    ///   - layer: the table of a GeoPackage or shapefile of a zip; nil takes the first.
    /// - Throws: `ReadError` naming the file and the position of bad input.
    public init(reading path: String, layer: String? = nil) throws(ReadError) {
        let driver = path == "-" ? VectorFormat.geojson.driver : try FormatRegistry.shared.identify(path: path)
        let format = VectorFormat(rawValue: driver.name)
        if layer == nil, format == .geojson || format == .geojsonSeq, path == "-" || !FileSignature.isGzip(path: path) {
            // GeoJSON straight through its reader: the hot path, without the FeatureSource
            // wrapper per feature.
            var reader = try GeoJSONFeatureReader(path: path, sequence: format == .geojsonSeq)
            var builder = Builder(name: reader.layerName, crs: nil)
            while let feature = try reader.next() { builder.add(feature) }
            self = builder.finish(crs: reader.crs)
            warnings = reader.warnings
        } else {
            let source = try driver.openSource(path: path, layer: layer, options: FormatReadOptions())
            // The summary is labelled at the end, so a late legacy crs member is fine here.
            (source as? GeoJSONSource)?.acceptsLateCRS = true
            var builder = Builder(name: source.layerName, crs: nil)
            while let feature = try source.next() { builder.add(feature) }
            self = builder.finish(crs: source.crs, declaredFields: source.declaredFields)
            name = source.layerName
            warnings = source.warnings
        }
        self.path = path
    }

    /// One summary per layer of a file: every table of a GeoPackage, every shapefile of a
    /// zip; a layer that cannot be read is an error of its own, and the others are still
    /// summarised.
    public static func summaries(ofFileAt path: String) -> FileSummaries {
        let names = path == "-" ? [] : LayerIO.layerNames(path: path)
        var result = FileSummaries()
        for name in names.count > 1 ? names.map(Optional.some) : [nil] {
            do { result.summaries.append(try LayerSummary(reading: path, layer: name)) } catch { result.failures.append(error) }
        }
        return result
    }
}

/// The layers of one file, summarised: those that could be read, and an error for each
/// that could not.
public struct FileSummaries: Sendable {
    /// One summary per readable layer, in the file's order.
    public var summaries: [LayerSummary] = []
    /// One error per layer (or for the whole file) that could not be read.
    public var failures: [ReadError] = []
}
