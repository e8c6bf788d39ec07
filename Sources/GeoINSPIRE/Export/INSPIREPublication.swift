import Foundation
import GeoCore
import GeoFormats

/// One data set published the INSPIRE way into a folder: `<dataset>.gml` (or `.geojson`), and with a
/// metadata description `<dataset>.metadata.xml`; with a validator, both validated, and
/// the record's conformity statement says what the validation found (and only that).
public struct INSPIREPublication: Sendable {
    /// What the export checked and wrote.
    public var check: INSPIRECheck
    /// The data file (`.gml` or `.geojson`).
    public var gmlPath: String
    /// The metadata record, when a description was given.
    public var metadataPath: String?
    /// The validations, GML first, when a validator was given.
    public var validations: [SchemaValidation]

    /// Whether everything written is valid (true when nothing was validated).
    public var isValid: Bool { validations.allSatisfy(\.isValid) }

    /// Exports a layer into a folder.
    /// - Parameters:
    ///   - path: the layer's file.
    ///   - exporter: the exporter (mapping, CRS, whether unexportable features are left out).
    ///   - folder: the output folder, created when missing.
    ///   - description: what the metadata record needs; nil writes no record.
    ///   - validator: validates the GML (and the record); nil leaves conformity "not evaluated".
    /// - Throws: what `INSPIREExporter.export` throws; `INSPIREError` from validation.
    public init(exporting path: String, with exporter: INSPIREExporter, into folder: String,
                description: MetadataDescription? = nil, validator: SchemaValidator? = nil) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let gml = (folder as NSString).appendingPathComponent(exporter.mapping.dataset + "." + exporter.encoding.fileExtension)
        gmlPath = gml
        check = try exporter.export(path: path, to: gml)
        // The schemas validate GML; the GeoJSON encoding has none to be checked against.
        validations = exporter.encoding == .gml ? try validator.map { [try $0.validate(path: gml)] } ?? [] : []
        metadataPath = nil
        if let description, let extent = check.extent {
            let recordPath = (folder as NSString).appendingPathComponent(exporter.mapping.dataset + ".metadata.xml")
            var record = ISOMetadataRecord(description: description, mapping: exporter.mapping, crsCode: exporter.crs.identifier,
                                           extent: extent, conformity: exporter.mapping.profile.isHarmonised ? validations.first?.isValid : false)
            if exporter.encoding == .geojson { record.encoding = ("GeoJSON", "RFC 7946") }
            try record.write(toPath: recordPath)
            metadataPath = recordPath
            if let validator { validations.append(try validator.validate(path: recordPath)) }
        }
    }

    /// Writes starter files for a layer into a folder: `mapping.yaml` (fields guessed from
    /// their names) and `metadata.yaml` (placeholders); an existing `metadata.yaml` is
    /// kept unless `overwrite`.
    /// - Returns: the files written, and how many fields were guessed.
    /// - Throws: `ReadError` for an unreadable layer, `INSPIREError` when `mapping.yaml`
    ///   exists and `overwrite` is false, file-system errors.
    public static func writeStarters(for path: String, profile: INSPIREProfile, into folder: String,
                                     overwrite: Bool = false) throws -> (files: [String], guessedFields: Int) {
        let summaries = LayerSummary.summaries(ofFileAt: path)
        if let failure = summaries.failures.first { throw failure }
        guard let summary = summaries.summaries.first else {
            throw INSPIREError("the file holds no layer", at: SourceLocation(file: path), code: .unmappable)
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let starter = INSPIREMapping.starter(profile: profile, fieldNames: summary.fields.map(\.name), dataset: name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mapping = (folder as NSString).appendingPathComponent("mapping.yaml")
        if !overwrite && FileManager.default.fileExists(atPath: mapping) {
            throw INSPIREError("already exists (overwrite replaces it)", at: SourceLocation(file: mapping), code: .alreadyExists)
        }
        try Data(starter.mapping.yaml(guesses: starter.guesses).utf8).write(to: URL(fileURLWithPath: mapping), options: .atomic)
        var files = [mapping]
        let metadata = (folder as NSString).appendingPathComponent("metadata.yaml")
        if overwrite || !FileManager.default.fileExists(atPath: metadata) {
            try Data(ISOMetadataRecord.starterYAML(title: name).utf8).write(to: URL(fileURLWithPath: metadata), options: .atomic)
            files.append(metadata)
        }
        return (files, starter.guesses.count)
    }
}
