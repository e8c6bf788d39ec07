import Foundation
import GeoCore

/// The formats GeoKit reads and writes.
public enum VectorFormat: String, Sendable, Hashable, CaseIterable {
    /// GeoJSON (RFC 7946): a FeatureCollection, Feature or geometry.
    case geojson
    /// GeoJSON text sequences (RFC 8142) or newline-delimited GeoJSON.
    case geojsonSeq = "geojsonseq"
    /// CSV with x/y or WKT columns (see `CSV`).
    case csv
    /// OGC GeoPackage (SQLite), the embedded default store.
    case geopackage = "gpkg"
    /// ESRI Shapefile (`.shp` with `.shx`, `.dbf`, `.prj`, `.cpg`).
    case shapefile = "shp"

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .geojson: "geojson"
        case .geojsonSeq: "geojsonl"
        case .csv: "csv"
        case .geopackage: "gpkg"
        case .shapefile: "shp"
        }
    }

    /// Whether the format stores attributes in typed columns (an id becomes a field).
    public var isTable: Bool { self == .csv || self == .geopackage || self == .shapefile }

    /// The format a file name's extension names (`.geojson`, `.geojsonl`, `.csv`, `.gpkg`,
    /// `.shp`…, also gzip-compressed as `.geojson.gz`), or nil. A `.zip` says nothing by
    /// its name alone: `detect(path:)` looks inside for a shapefile.
    public init?(fileExtensionOf path: String) {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if [".geojson", ".json"].contains(where: lower.hasSuffix) {
            self = .geojson
        } else if [".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl"].contains(where: lower.hasSuffix) {
            self = .geojsonSeq
        } else if [".csv", ".tsv", ".txt"].contains(where: lower.hasSuffix) {
            self = .csv
        } else if lower.hasSuffix(".gpkg") {
            self = .geopackage
        } else if lower.hasSuffix(".shp") {
            self = .shapefile
        } else {
            return nil
        }
    }

    /// The format of a file, or nil when GeoKit does not read it (`identify(path:)` says
    /// why).
    public static func detect(path: String) -> VectorFormat? {
        try? identify(path: path)
    }

    /// Opens a file of this format for reading feature by feature.
    /// - Parameters:
    ///   - path: the file.
    ///   - layer: the table of a GeoPackage (default: the first).
    ///   - options: how to read CSV.
    /// - Throws: `ReadError` naming the file.
    public func openSource(path: String, layer: String? = nil, csv options: CSV.ReadOptions = CSV.ReadOptions()) throws(ReadError) -> any FeatureSource {
        let head = FileSignature.head(of: path)
        if FileSignature.isGzip(head) {
            let folder = try ScratchFolder()
            let inflated = try Gzip.inflate(path, into: folder)
            return try UnpackedSource.opening(unpacked: inflated, in: folder, original: path) { () throws(ReadError) in
                try VectorFormat.identify(path: inflated).openSource(path: inflated, layer: layer, csv: options)
            }
        }
        if FileSignature.isZip(head) {
            let folder = try ScratchFolder()
            let shp = try ZipArchive.extractShapefile(from: path, layer: layer, into: folder)
            return try UnpackedSource.opening(unpacked: shp, in: folder, original: path + "/" + (shp as NSString).lastPathComponent) { () throws(ReadError) in
                try ShapefileReader(path: shp, encoding: options.encoding)
            }
        }
        return switch self {
        case .geojson: try GeoJSONSource(path: path)
        case .geojsonSeq: try GeoJSONSource(path: path, sequence: true)
        case .csv: try CSVReader(path: path, options: options)
        case .geopackage: try GeoPackageReader(path: path, layer: layer)
        case .shapefile:
            // A bare .dbf: a table without geometry.
            path.lowercased().hasSuffix(".dbf") ? try DBaseSource(path: path, encoding: options.encoding) : try ShapefileReader(path: path, encoding: options.encoding)
        }
    }

    /// Creates a new file of this format for writing feature by feature.
    /// - Throws: `WriteError` when the target exists without `overwrite` or cannot be created.
    public func makeSink(path: String, layer: LayerSchema, overwrite: Bool = false) throws(WriteError) -> any FeatureSink {
        switch self {
        case .geojson: try GeoJSONSink(path: path, layer: layer, overwrite: overwrite)
        case .geojsonSeq: try GeoJSONSink(path: path, layer: layer, sequence: true, overwrite: overwrite)
        case .csv: try CSVSink(path: path, layer: layer, overwrite: overwrite)
        case .geopackage: try GeoPackageSink(path: path, layer: layer, overwrite: overwrite)
        case .shapefile: try ShapefileWriter(path: path, layer: layer, overwrite: overwrite)
        }
    }
}

/// Reads and writes whole layers in any supported format: what `geokit info` and the
/// query commands use. Both go through the streaming sources and sinks.
public enum LayerIO {
    /// A layer read from a file, with what the reader noticed.
    public struct Reading: Sendable {
        /// The layer.
        public var layer: Layer
        /// Warnings with their positions.
        public var warnings: [ReadWarning]
        /// Features kept without geometry (CSV rows without coordinates).
        public var featuresWithoutGeometry: Int
    }

    /// The layers of a file that holds several: the feature and attribute tables of a
    /// GeoPackage (also those that turn out unreadable, so that opening them reports
    /// why), the shapefiles of a zip archive; empty for single-layer formats.
    public static func layerNames(path: String) -> [String] {
        if let database = FormatRegistry.shared.driver(forURL: path) { return database.layerNames(in: path) }
        return layerNames(path: path, formatName: path.lowercased().hasSuffix(".zip") ? nil : VectorFormat.detect(path: path)?.rawValue)
    }

    /// The layers of a file whose format is known (a driver name), as `layerNames(path:)`.
    static func layerNames(path: String, formatName: String?) -> [String] {
        if let database = FormatRegistry.shared.driver(forURL: path) { return database.layerNames(in: path) }
        let lower = path.lowercased()
        if lower.hasSuffix(".zip") { return ZipArchive.shapefileNames(in: path) }
        if formatName == VectorFormat.geopackage.rawValue { return (try? GeoPackage.contents(atPath: path))?.names ?? [] }
        return []
    }

    /// Reads a whole file (the first table of a GeoPackage unless `layer` names one), in
    /// any format of ``FormatRegistry`` (detected by content when `format` is nil).
    /// - Throws: `ReadError` naming the file and position.
    public static func read(path: String, format: VectorFormat? = nil, layer: String? = nil, csv options: CSV.ReadOptions = CSV.ReadOptions()) throws(ReadError) -> Reading {
        let driver = if let format { format.driver } else { try FormatRegistry.shared.identify(path: path) }
        return try read(path: path, using: driver, layer: layer, options: FormatReadOptions(csv: options))
    }

    /// Reads a whole file with a driver already chosen (no detection).
    static func read(path: String, using driver: any FormatDriver, layer: String?, options: FormatReadOptions) throws(ReadError) -> Reading {
        let source = try driver.openSource(path: path, layer: layer, options: options)
        // The whole layer is read before it is labelled, so a late `crs` member is fine.
        (source as? GeoJSONSource)?.acceptsLateCRS = true
        var features: [Feature] = []
        var schema = FieldSchemaBuilder()
        var missing = 0
        while let f = try source.next() {
            if source.declaredFields == nil { schema.add(f.properties) }
            if f.geometry == nil { missing += 1 }
            features.append(f)
        }
        let fields = source.declaredFields ?? schema.fields
        return Reading(layer: Layer(name: source.layerName, crs: source.crs, features: features, fields: fields),
                       warnings: source.warnings, featuresWithoutGeometry: missing)
    }

    /// Writes a layer (atomically: a temporary file renamed on success): the one
    /// whole-layer write path, through the format's sink. Table formats keep feature ids
    /// that their row numbering would not give back in an `id` field
    /// (`Layer.carryingIDsAsField()`).
    /// - Returns: what the format made the writer change (names shortened for dBase…), and
    ///   feature ids it could not keep (the layer has an `id` field of its own).
    /// - Throws: `WriteError`.
    @discardableResult
    public static func write(_ layer: Layer, toPath path: String, format: VectorFormat, overwrite: Bool) throws(WriteError) -> [String] {
        let written = format.isTable ? layer.carryingIDsAsField() : layer
        let lost = format.isTable ? written.idsLostInTables : nil
        var schema = LayerSchema(of: written)
        if written.name.isEmpty { schema.name = "layer" }
        let sink = try format.makeSink(path: path, layer: schema, overwrite: overwrite)
        try sink.write(contentsOf: written.features)
        try sink.finish()
        return (lost.map { [$0] } ?? []) + sink.warnings
    }
}
