import Foundation
import GeoCore

/// A file format as a plug-in: its name, its file extensions, how to recognise its files
/// by their first bytes, and the source and sink it opens. GeoKit's own formats are
/// built-in drivers (``VectorFormat`` names them); other modules register theirs with
/// ``FormatRegistry`` (GML in GeoINSPIRE, for example) without touching GeoFormats.
public protocol FormatDriver: Sendable {
    /// The short name that output options take (`gpkg`, `geojson`, `gml`).
    var name: String { get }
    /// The extensions of its files, lower case, without the dot; the first is the usual one.
    var fileExtensions: [String] { get }
    /// Whether attributes are typed columns (a GeoJSON id then becomes a field).
    var storesTables: Bool { get }
    /// Whether a file is of this format, judged by its first bytes (up to 4 KB) and its
    /// name. Asked only for files that no built-in format reads, in registration order.
    func recognizes(head: [UInt8], path: String) -> Bool
    /// Opens a file for reading feature by feature.
    /// - Parameters:
    ///   - path: the file.
    ///   - layer: the layer of a file that holds several; nil for the first.
    ///   - options: how to read formats that need choices (CSV's columns and encoding).
    /// - Throws: `ReadError` naming the file.
    func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource
    /// Creates a new file for writing feature by feature.
    /// - Throws: `WriteError`, also for a format that is read only.
    func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink
    /// Creates a sink that writes to a byte stream (an HTTP response body, standard
    /// output). The default builds the file in a temporary folder and streams it when
    /// finished (`spooledSink(layer:writingTo:)`); formats that can be written front to
    /// back stream as they go.
    /// - Parameters:
    ///   - layer: what is known of the layer before its first feature.
    ///   - output: receives the bytes, in order.
    /// - Throws: `WriteError`, also for a format that is several files (a Shapefile).
    func makeSink(layer: LayerSchema, writingTo output: @escaping ByteStreamWriter) throws(WriteError) -> any FeatureSink
    /// The URL schemes of a database driver (`postgresql`), whose inputs and outputs are
    /// URLs, not files; empty for file formats.
    var urlSchemes: [String] { get }
    /// The layers (tables) at a location of a driver that holds several: asked for URLs
    /// and for files of registered formats. Empty for one layer.
    func layerNames(in location: String) -> [String]
    /// Where one of several inputs goes in a database output: the output's URL naming
    /// the table. Nil for file formats (their outputs are files in a folder).
    func location(_ output: String, forTable table: String) -> String?
    /// The stores of a location that the driver answers queries from itself (a database's
    /// tables); nil when the layer is to be read into memory.
    /// - Throws: `ReadError` naming the location.
    func openStores(at location: String, layer: String?) throws(ReadError) -> [any FeatureStore]?
}

extension FormatDriver {
    /// File formats have no URL scheme.
    public var urlSchemes: [String] { [] }
    /// One layer, unless the driver says otherwise.
    public func layerNames(in location: String) -> [String] { [] }
    /// File formats write files.
    public func location(_ output: String, forTable table: String) -> String? { nil }
    /// File formats are read into memory (or are GeoPackages, which GeoKit opens itself).
    public func openStores(at location: String, layer: String?) throws(ReadError) -> [any FeatureStore]? { nil }

    /// Builds the file in a temporary folder and streams it when finished.
    public func makeSink(layer: LayerSchema, writingTo output: @escaping ByteStreamWriter) throws(WriteError) -> any FeatureSink {
        try spooledSink(layer: layer, writingTo: output)
    }
}

/// Choices some formats need to read a file.
public struct FormatReadOptions: Sendable {
    /// How CSV files are read.
    public var csv: CSV.ReadOptions
    /// Creates options.
    public init(csv: CSV.ReadOptions = CSV.ReadOptions()) { self.csv = csv }
}

/// The formats GeoKit knows: its built-in ones, then those registered by other modules.
/// Detection asks the built-in formats first (by content, as ``VectorFormat/identify(path:)``
/// does) and the registered drivers only for files none of them reads.
public final class FormatRegistry: @unchecked Sendable {
    // @unchecked: `registered` is only touched under `lock`.
    private let lock = NSLock()
    private var registered: [any FormatDriver] = []

    /// The process's registry.
    public static let shared = FormatRegistry()

    /// Creates a registry with only the built-in formats.
    public init() {}

    /// The built-in drivers, one per ``VectorFormat``.
    public static let builtIn: [any FormatDriver] = VectorFormat.allCases.map(BuiltInDriver.init)

    /// Every driver: the built-in ones, then the registered ones.
    public var drivers: [any FormatDriver] { Self.builtIn + lock.withLock { registered } }

    /// Adds a driver; one registered earlier under the same name is replaced.
    /// - Returns: false, and nothing changes, when the name is a built-in format's.
    @discardableResult
    public func register(_ driver: any FormatDriver) -> Bool {
        guard !Self.builtIn.contains(where: { $0.name == driver.name }) else { return false }
        lock.withLock {
            registered.removeAll { $0.name == driver.name }
            registered.append(driver)
        }
        return true
    }

    /// The driver with this name (`gpkg`, `geojson`…), if any.
    public func driver(named name: String) -> (any FormatDriver)? {
        drivers.first { $0.name == name.lowercased() }
    }

    /// The database driver whose URL scheme the text starts with (`postgresql://…`), if any.
    public func driver(forURL text: String) -> (any FormatDriver)? {
        guard let end = text.range(of: "://") else { return nil }
        let scheme = text[..<end.lowerBound].lowercased()
        return lock.withLock { registered }.first { $0.urlSchemes.contains(scheme) }
    }

    /// Whether the text is a URL of a registered database driver.
    public func isDatabaseURL(_ text: String) -> Bool { driver(forURL: text) != nil }

    /// The driver whose files end as this path does (`.gz` aside), or whose URL scheme
    /// it starts with, if any.
    public func driver(forFileExtensionOf path: String) -> (any FormatDriver)? {
        if let database = driver(forURL: path) { return database }
        if let format = VectorFormat(fileExtensionOf: path) { return format.driver }
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        return lock.withLock { registered }.first { driver in driver.fileExtensions.contains { lower.hasSuffix("." + $0) } }
    }

    /// The format of a file, judged by its content: a registered driver when the file is
    /// named as its files are and it recognises the content; else a built-in format when
    /// one reads it; else the first registered driver that recognises it.
    /// - Throws: `ReadError` saying why no format reads the file (the built-in detector's
    ///   words).
    public func identify(path: String) throws(ReadError) -> any FormatDriver {
        if let database = driver(forURL: path) { return database }
        let extra = lock.withLock { registered }
        // A file named as a registered format (`.gml`) goes to it first when its content
        // agrees: the built-in detector would take any text for CSV.
        if VectorFormat(fileExtensionOf: path) == nil,
           let named = extra.first(where: { driver in driver.fileExtensions.contains { path.lowercased().hasSuffix("." + $0) } }),
           named.recognizes(head: FileSignature.head(of: path), path: path) {
            return named
        }
        do {
            return try VectorFormat.identify(path: path).driver
        } catch {
            guard error.code == .unsupportedFormat, !extra.isEmpty else { throw error }
            let head = Array(FileSignature.head(of: path))
            if let driver = extra.first(where: { $0.recognizes(head: head, path: path) }) { return driver }
            throw error
        }
    }
}

extension VectorFormat {
    /// The built-in driver of this format.
    public var driver: any FormatDriver { BuiltInDriver(self) }
}

/// A built-in format as a driver: GeoKit's own readers and writers.
struct BuiltInDriver: FormatDriver {
    let format: VectorFormat

    init(_ format: VectorFormat) { self.format = format }

    var name: String { format.rawValue }
    var fileExtensions: [String] {
        switch format {
        case .geojson: ["geojson", "json"]
        case .geojsonSeq: ["geojsonl", "geojsons", "geojsonseq", "ndjson", "jsonl"]
        case .csv: ["csv", "tsv", "txt"]
        case .geopackage: ["gpkg"]
        case .shapefile: ["shp"]
        }
    }
    var storesTables: Bool { format.isTable }

    /// Built-in formats are detected by ``VectorFormat/identify(path:)`` before any driver is asked.
    func recognizes(head: [UInt8], path: String) -> Bool { false }

    func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource {
        try format.openSource(path: path, layer: layer, csv: options.csv)
    }

    func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink {
        try format.makeSink(path: path, layer: layer, overwrite: overwrite)
    }

    func makeSink(layer: LayerSchema, writingTo output: @escaping ByteStreamWriter) throws(WriteError) -> any FeatureSink {
        switch format {
        case .geojson: GeoJSONSink(layer: layer, to: output)
        case .geojsonSeq: GeoJSONSink(layer: layer, sequence: true, to: output)
        case .shapefile:
            throw WriteError(message: "a Shapefile is several files (.shp, .shx, .dbf, .prj, .cpg), which one stream cannot carry: write it to a path, or choose GeoPackage")
        case .csv, .geopackage: try spooledSink(layer: layer, writingTo: output)
        }
    }
}
