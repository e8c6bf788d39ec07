import Foundation
import GeoCore

/// The formats GeoKit reads and writes so far.
public enum VectorFormat: String, Sendable, Hashable, CaseIterable {
    /// GeoJSON (RFC 7946): a FeatureCollection, Feature or geometry.
    case geojson
    /// GeoJSON text sequences (RFC 8142) or newline-delimited GeoJSON.
    case geojsonSeq = "geojsonseq"
    /// CSV with x/y or WKT columns (see `CSV`).
    case csv

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .geojson: "geojson"
        case .geojsonSeq: "geojsonl"
        case .csv: "csv"
        }
    }

    /// The format a file name's extension names (`.geojson`, `.geojsonl`, `.csv`…), or nil.
    public init?(fileExtensionOf path: String) {
        let lower = path.lowercased()
        if [".geojson", ".json"].contains(where: lower.hasSuffix) {
            self = .geojson
        } else if [".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl"].contains(where: lower.hasSuffix) {
            self = .geojsonSeq
        } else if [".csv", ".tsv", ".txt"].contains(where: lower.hasSuffix) {
            self = .csv
        } else {
            return nil
        }
    }

    /// The format of a file by its extension, or by its first bytes when the extension
    /// says nothing (`{` or RS is GeoJSON; text with a header line is CSV).
    public static func detect(path: String) -> VectorFormat? {
        if let known = VectorFormat(fileExtensionOf: path) { return known }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard let first = head.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }) else { return nil }
        if first == UInt8(ascii: "{") { return .geojson }
        if first == 0x1E { return .geojsonSeq }
        return head.contains(0x0A) ? .csv : nil
    }
}

/// Reads and writes layers in any supported format: what `geokit convert` and `info` use.
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

    /// Reads a whole file.
    /// - Throws: `ReadError` naming the file and position.
    public static func read(path: String, format: VectorFormat? = nil, csv options: CSV.ReadOptions = CSV.ReadOptions()) throws(ReadError) -> Reading {
        guard let format = format ?? VectorFormat.detect(path: path) else {
            throw ReadError(format: "file", location: SourceLocation(file: path), message: "unknown format (supported: GeoJSON, GeoJSON text sequences, CSV)")
        }
        switch format {
        case .geojson, .geojsonSeq:
            var reader = try GeoJSONFeatureReader(path: path, sequence: format == .geojsonSeq)
            var features: [Feature] = []
            var schema = FieldSchemaBuilder()
            while let f = try reader.next() {
                schema.add(f.properties)
                features.append(f)
            }
            let missing = features.filter { $0.geometry == nil }.count
            return Reading(layer: Layer(name: reader.layerName, crs: reader.crs, features: features, fields: schema.fields),
                           warnings: reader.warnings, featuresWithoutGeometry: missing)
        case .csv:
            let result = try CSV.readLayer(atPath: path, options: options)
            return Reading(layer: result.layer, warnings: result.warnings, featuresWithoutGeometry: result.rowsWithoutGeometry)
        }
    }

    /// Writes a layer (atomically: a temporary file renamed on success).
    /// - Throws: `WriteError`.
    public static func write(_ layer: Layer, toPath path: String, format: VectorFormat, overwrite: Bool) throws(WriteError) {
        switch format {
        case .geojson: try GeoJSON.write(layer, toPath: path, overwrite: overwrite)
        case .geojsonSeq: try GeoJSON.write(layer, toPath: path, style: .textSequence, overwrite: overwrite)
        case .csv:
            let pointsOnly = layer.features.allSatisfy { $0.geometry == nil || $0.geometry?.type == .point }
            try CSV.write(layer, toPath: path, geometry: pointsOnly ? .xy : .wkt, overwrite: overwrite)
        }
    }
}
