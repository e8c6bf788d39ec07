import Foundation
import GeoCore
import GeoFormats
import GeoPROJ

/// Exports a layer as INSPIRE `GovernmentalService`s (us-govserv 5.0) through a mapping.
///
/// ```swift
/// let mapping = try INSPIREMapping(contentsOfFile: "mapping.yaml")
/// let exporter = try INSPIREExporter(mapping: mapping)            // EPSG:4258, latitude first
/// let report = try exporter.export(path: "aed.geojson", to: "out/koeln-aed.gml")
/// ```
///
/// The source is read twice: once to check every feature and count them (a WFS feature
/// collection states `numberMatched` before its first member), once to write. Memory
/// stays flat: a batch of features and the set of `localId`s (which must be unique).
public struct INSPIREExporter: Sendable {
    /// The mapping.
    public let mapping: INSPIREMapping
    /// The CRS of the written coordinates, in its authority's axis order.
    public let crs: CRS
    /// The encoding the export writes.
    public let encoding: INSPIREEncoding
    /// Whether an export leaves out the features that cannot be exported (each is named
    /// in the check) instead of refusing to write anything.
    public var skipsUnexportable = false
    /// Features per batch.
    static let batchSize = 4096

    /// Creates an exporter.
    /// - Parameters:
    ///   - mapping: the mapping.
    ///   - crs: the output CRS, an EPSG code (`EPSG:4258`, `EPSG:25832`, `EPSG:3035`…);
    ///     GeoJSON takes EPSG:4258 or EPSG:4326 only, longitude first (RFC 7946).
    ///   - encoding: GML (default) or INSPIRE's alternative GeoJSON encoding.
    /// - Throws: `INSPIREError` (`invalidMapping`) for a CRS that is not a two-dimensional
    ///   EPSG CRS, or not a geographic one for GeoJSON.
    public init(mapping: INSPIREMapping, crs: String = "EPSG:4258", encoding: INSPIREEncoding = .gml) throws(INSPIREError) {
        self.mapping = mapping
        self.encoding = encoding
        let resolved: CRS
        do { resolved = try CRS(crs) } catch {
            throw INSPIREError("output CRS \"\(crs)\": \(error)", code: .invalidMapping)
        }
        guard resolved.authority?.uppercased() == "EPSG", resolved.code != nil, resolved.axes.count == 2 else {
            throw INSPIREError("output CRS \"\(crs)\": INSPIRE GML names its CRS by an EPSG code of a 2D CRS (EPSG:4258, EPSG:25832…)", code: .invalidMapping)
        }
        if !mapping.profile.isHarmonised && encoding != .geojson {
            throw INSPIREError("the none profile follows no INSPIRE application schema, so there is no GML for it: use the GeoJSON encoding", code: .invalidMapping)
        }
        if encoding == .geojson && !["4258", "4326"].contains(resolved.code ?? "") {
            throw INSPIREError("output CRS \"\(crs)\": INSPIRE GeoJSON is in longitude, latitude (EPSG:4258 or EPSG:4326, as RFC 7946 asks)", code: .invalidMapping)
        }
        self.crs = resolved
    }

    /// The `srsName` of the output: `http://www.opengis.net/def/crs/EPSG/0/<code>`.
    public var srsName: String { "http://www.opengis.net/def/crs/EPSG/0/\(crs.code ?? "")" }

    /// Checks every feature of a file against the mapping, writing nothing.
    /// - Parameters:
    ///   - path: the layer's file, in any format GeoKit reads.
    ///   - layer: the layer of a file that holds several.
    /// - Throws: `ReadError` for unreadable input, `PROJError` for a CRS PROJ cannot use.
    public func check(path: String, layer: String? = nil) throws -> INSPIRECheck {
        try check(opening: Self.opener(path: path, layer: layer))
    }

    /// Checks every feature of a source, writing nothing.
    /// - Parameter open: opens the source (called once).
    /// - Throws: what opening and reading throw, and `PROJError`.
    public func check(opening open: () throws -> any FeatureSource) throws -> INSPIRECheck {
        var pass = try ExportPass(exporter: self, source: open())
        return try pass.run(document: nil) { _ in }
    }

    /// Writes the features of a file as an INSPIRE document in the exporter's encoding (GML:
    /// a WFS 2.0 `FeatureCollection`; GeoJSON: a FeatureCollection), after checking all of
    /// them.
    /// - Parameters:
    ///   - path: the layer's file.
    ///   - layer: the layer of a file that holds several.
    ///   - target: the GML file, written under a temporary name and moved into place when
    ///     complete (`-` for standard output).
    ///   - overwrite: whether an existing target may be replaced.
    ///   - timeStamp: the collection's `timeStamp`.
    /// - Returns: the check of the written features (counts, voids, warnings).
    /// - Throws: `INSPIREError` (`unmappable`) when a feature cannot be exported (nothing is
    ///   written), `ReadError`, `WriteError`, `PROJError`.
    @discardableResult
    public func export(path: String, layer: String? = nil, to target: String, overwrite: Bool = true,
                          timeStamp: Date = Date()) throws -> INSPIRECheck {
        try export(opening: Self.opener(path: path, layer: layer), to: target, overwrite: overwrite, timeStamp: timeStamp)
    }

    /// Writes the features of a source, as `export(path:layer:to:overwrite:timeStamp:)`.
    /// - Parameters:
    ///   - open: opens the source; called twice (check, then write).
    ///   - target: the GML file, moved into place when complete (`-` for standard output).
    ///   - overwrite: whether an existing target may be replaced.
    ///   - timeStamp: the collection's `timeStamp`.
    /// - Returns: the check of the written features.
    /// - Throws: as `export(path:layer:to:overwrite:timeStamp:)`.
    public func export(opening open: () throws -> any FeatureSource, to target: String, overwrite: Bool = true,
                          timeStamp: Date = Date()) throws -> INSPIRECheck {
        let checked = try check(opening: open)
        guard checked.allowsExport(skippingUnexportable: skipsUnexportable) else { throw Self.refusal(checked) }
        var file = try AtomicFile(path: target, overwrite: overwrite)
        var pass = try ExportPass(exporter: self, source: open(), after: checked)
        var written = try pass.run(document: (checked.exportableCount, timeStamp)) { bytes in try file.write(bytes) }
        written.extent = checked.extent  // measured by the check
        guard written.featureCount == checked.featureCount, written.exportableCount == checked.exportableCount else {
            throw INSPIREError("the source changed between the check and the export (\(checked.exportableCount) features to write, then \(written.exportableCount))",
                               at: SourceLocation(file: target), code: .unmappable)
        }
        try file.commit()
        return written
    }

    /// The error an export stops with when the check found problems.
    static func refusal(_ check: INSPIRECheck) -> INSPIREError {
        if check.featureCount == 0 { return INSPIREError("the layer has no features: nothing to export", code: .unmappable) }
        if check.exportableCount == 0 { return INSPIREError("no feature can be exported as mapped; first problem: \(check.problems.first.map(String.init(describing:)) ?? "-")", code: .unmappable) }
        let counts = check.problemCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)×" }.joined(separator: ", ")
        let first = check.problems.first.map { "; first: \($0)" } ?? ""
        return INSPIREError("\(check.problemCounts.values.reduce(0, +)) problems (\(counts))\(first); run `geokit inspire check` for the list, or leave those features out (--skip-invalid)",
                            code: .unmappable)
    }

    static func opener(path: String, layer: String?) -> () throws -> any FeatureSource {
        { try FormatRegistry.shared.identify(path: path).openSource(path: path, layer: layer, options: FormatReadOptions()) }
    }
}
