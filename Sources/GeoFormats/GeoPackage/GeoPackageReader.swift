import Foundation
import GeoCore
import GRDB

/// What a GeoPackage says about one of its feature tables.
public struct GeoPackageLayerInfo: Sendable, Hashable {
    /// The table name.
    public var name: String
    /// The geometry column; nil for an attribute table (a layer without geometry).
    public var geometryColumn: String?
    /// The declared geometry type (`POINT`, `MULTIPOLYGON`, `GEOMETRY`…); nil for an
    /// attribute table.
    public var geometryTypeName: String?
    /// The CRS (`.epsg(code)` for EPSG rows, `.other(WKT)` otherwise, nil for undefined).
    public var crs: CRSReference?
    /// The attribute columns (the integer primary key and geometry column excluded).
    public var fields: [Field]
    /// The extent recorded in `gpkg_contents`, if any.
    public var extent: BoundingBox?
    /// Whether the table has the R-tree spatial index extension.
    public var hasSpatialIndex: Bool
    /// The integer primary key column (for a view, its integer `fid` column); nil for a
    /// view without one, whose features are then numbered in order.
    public var idColumn: String?
}

/// Reads the features of one GeoPackage table in batches (memory stays flat), optionally
/// only those whose envelope intersects a box (answered by the R-tree index when the
/// file has one). Feature ids are the table's integer primary key.
public final class GeoPackageReader {
    /// The file.
    public let path: String
    /// The table being read.
    public let layer: GeoPackageLayerInfo
    /// Features handed out so far.
    public private(set) var featuresRead = 0

    private let queue: DatabaseQueue
    private let box: BoundingBox?
    // A reader is used from one thread at a time (it is not Sendable): no dynamic
    // exclusivity check on every row.
    @exclusivity(unchecked) private var lastID: Int64 = .min
    @exclusivity(unchecked) private var rowsRead = 0
    @exclusivity(unchecked) private var buffer: [Feature] = []
    @exclusivity(unchecked) private var bufferIndex = 0
    @exclusivity(unchecked) private var exhausted = false
    @exclusivity(unchecked) private var log = WarningLog()

    /// What the reader noticed so far: geometries kept without geometry or repaired,
    /// curves linearised, M values dropped, each with the table and feature id.
    public var warnings: [ReadWarning] { log.warnings }

    /// Opens a GeoPackage read-only.
    /// - Parameters:
    ///   - path: the `.gpkg` file.
    ///   - name: the table; nil takes the only layer (or the first, in `gpkg_contents`
    ///     order, when there are several).
    ///   - box: only features whose envelope intersects this box (in the layer's CRS).
    /// - Throws: `ReadError` when the file is not a GeoPackage, has no such table, or the
    ///   table cannot be read.
    public init(path: String, layer name: String? = nil, intersecting box: BoundingBox? = nil) throws(ReadError) {
        self.path = path
        self.box = box
        queue = try GeoPackage.open(path)
        let contents = try GeoPackage.contents(in: queue, path: path)
        let layers = contents.layers
        if let name {
            guard let found = layers.first(where: { $0.name == name }) ?? layers.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                if let broken = contents.unreadable.first(where: { $0.message.hasPrefix("table \"\(name)\"") }) { throw broken }
                throw ReadError(format: "GeoPackage", location: SourceLocation(file: path),
                                message: "no layer \"\(name)\" (layers: \(layers.map(\.name).joined(separator: ", ")))")
            }
            layer = found
        } else {
            guard let first = layers.first else {
                throw contents.unreadable.first ?? ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "the GeoPackage has no vector layer")
            }
            layer = first
        }
    }

    /// The next feature, or nil at the end.
    /// - Throws: `ReadError` naming the table for a failure of SQLite; a geometry that
    ///   cannot be read is a warning, and its feature is kept without it.
    public func next() throws(ReadError) -> Feature? {
        if bufferIndex == buffer.count {
            if exhausted { return nil }
            try fill()
            if buffer.isEmpty { return nil }
        }
        defer { bufferIndex += 1 }
        featuresRead += 1
        return buffer[bufferIndex]
    }

    /// Reads the rest of the table into a layer.
    /// - Throws: `ReadError`.
    public func readAll() throws(ReadError) -> Layer {
        var features: [Feature] = []
        while let f = try next() { features.append(f) }
        return Layer(name: layer.name, crs: layer.crs, features: features, fields: layer.fields)
    }

    private func fill() throws(ReadError) {
        buffer.removeAll(keepingCapacity: true)
        bufferIndex = 0
        let q = GeoPackageSchema.quoted
        let idExpression = layer.idColumn.map { $0 == "rowid" ? "rowid" : q($0) }
        let columns = ([idExpression ?? "NULL", layer.geometryColumn.map(q) ?? "NULL"] + layer.fields.map { q($0.name) }).joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(q(layer.name))"
        var arguments: StatementArguments = []
        if let idExpression {
            sql += " WHERE \(idExpression) > ?"
            arguments += [lastID]
            if let box, layer.hasSpatialIndex, let geometryColumn = layer.geometryColumn {
                sql += " AND \(idExpression) IN (SELECT id FROM \(q("rtree_\(layer.name)_\(geometryColumn)")) WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)"
                arguments += [box.minX, box.maxX, box.minY, box.maxY]
            }
            sql += " ORDER BY \(idExpression) LIMIT 4096"
        } else {
            // A view without an id column: pages by position, features numbered in order.
            sql += " LIMIT 4096 OFFSET ?"
            arguments += [rowsRead]
        }
        let fields = layer.fields
        let table = layer.name
        let path = self.path
        let filterBox = layer.hasSpatialIndex ? nil : box
        do {
            let rows = try queue.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
            for row in rows {
                rowsRead += 1
                let id: Int64
                if case .int64(let i) = (row[0] as DatabaseValue).storage {
                    id = i
                    lastID = i
                } else {
                    id = Int64(rowsRead)
                }
                let geometry = geometry(from: row[1], id: id)
                if let filterBox, !(geometry?.boundingBox.map { $0.intersects(filterBox) } ?? false) { continue }
                var properties = JSONObject()
                for (i, field) in fields.enumerated() {
                    properties[field.name] = Self.jsonValue((row[i + 2] as DatabaseValue).storage, type: field.type)
                }
                buffer.append(Feature(id: .integer(id), geometry: geometry, properties: properties))
            }
            if rows.count < 4096 { exhausted = true }
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(table)\": \(GeoPackageWriter.describe(error))")
        }
        if buffer.isEmpty && !exhausted { try fill() }
    }

    /// The geometry of one row, read as far as it can be: a blob that is not a geometry,
    /// or one that cannot be repaired by closing its rings, leaves the feature without
    /// geometry, with a warning that says why.
    private func geometry(from value: DatabaseValue, id: Int64) -> Geometry? {
        // Built only when there is something to say: this runs for every row.
        var location: SourceLocation { SourceLocation(file: path, featureIndex: Int(truncatingIfNeeded: id)) }
        var prefix: String { "table \"\(layer.name)\"" }
        switch value.storage {
        case .null:
            return nil
        case .blob(let data):
            let decoded: WKB.Decoded
            switch data.withUnsafeBytes({ raw in Result { () throws(ReadError) in try GeoPackageGeometry.decode(raw) } }) {
            case .success(let d): decoded = d
            case .failure(let error):
                log.add("\(prefix): a geometry that cannot be read (\(error.message)); the feature is kept without geometry", at: location)
                return nil
            }
            if decoded.linearisedTypes.isEmpty && !decoded.measuresDropped && decoded.structuralProblem == nil { return decoded.geometry }
            for type in decoded.linearisedTypes {
                log.add("\(prefix): \(type) geometries are read as lines and polygons (arcs as segments of at most 4°)", at: location)
            }
            if decoded.measuresDropped { log.add("\(prefix): M (measure) values are not kept", at: location) }
            let (kept, warning) = decoded.geometry.keptByLenientReader()
            if let warning { log.add("\(prefix): \(warning)", at: location) }
            return kept
        default:
            log.add("\(prefix): the geometry column holds a value that is not a blob; the feature is kept without geometry", at: location)
            return nil
        }
    }

    static func jsonValue(_ storage: DatabaseValue.Storage, type: FieldType) -> JSONValue {
        switch storage {
        case .null: .null
        case .int64(let i): type == .boolean ? .bool(i != 0) : .integer(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .blob(let data): .string(data.base64EncodedString())
        }
    }
}

/// GeoPackage files: listing their layers and reading or writing whole layers.
public enum GeoPackage {
    /// The layers of a GeoPackage that can be read, in `gpkg_contents` order: feature
    /// tables, feature views and attribute tables (layers without geometry).
    /// - Throws: `ReadError` when the file cannot be opened or is not a GeoPackage.
    public static func layers(atPath path: String) throws(ReadError) -> [GeoPackageLayerInfo] {
        try layers(in: try open(path), path: path)
    }

    /// Every layer of a GeoPackage, and an error for each one registered in
    /// `gpkg_contents` that cannot be read (a missing table, broken metadata), so that
    /// one broken table does not hide the others.
    /// - Throws: `ReadError` when the file cannot be opened or is not a GeoPackage.
    public static func contents(atPath path: String) throws(ReadError) -> GeoPackageContents {
        try contents(in: try open(path), path: path)
    }

    /// Reads one feature table (the first when `layer` is nil) into memory.
    /// - Throws: `ReadError`.
    public static func readLayer(atPath path: String, layer: String? = nil, intersecting box: BoundingBox? = nil) throws(ReadError) -> Layer {
        try GeoPackageReader(path: path, layer: layer, intersecting: box).readAll()
    }

    static func open(_ path: String) throws(ReadError) -> DatabaseQueue {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "cannot open the file", code: .cannotOpen)
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "not an SQLite database: \(GeoPackageWriter.describe(error))")
        }
    }

    static func layers(in queue: DatabaseQueue, path: String) throws(ReadError) -> [GeoPackageLayerInfo] {
        try contents(in: queue, path: path).layers
    }
}
