import Foundation
import GeoCore
import GRDB

/// What a GeoPackage says about one of its feature tables.
public struct GeoPackageLayerInfo: Sendable, Hashable {
    /// The table name.
    public var name: String
    /// The geometry column.
    public var geometryColumn: String
    /// The declared geometry type (`POINT`, `MULTIPOLYGON`, `GEOMETRY`…).
    public var geometryTypeName: String
    /// The CRS (`.epsg(code)` for EPSG rows, `.other(WKT)` otherwise, nil for undefined).
    public var crs: CRSReference?
    /// The attribute columns (the integer primary key and geometry column excluded).
    public var fields: [Field]
    /// The extent recorded in `gpkg_contents`, if any.
    public var extent: BoundingBox?
    /// Whether the table has the R-tree spatial index extension.
    public var hasSpatialIndex: Bool
    /// The integer primary key column.
    public var idColumn: String
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
    private var lastID: Int64 = .min
    private var buffer: [Feature] = []
    private var bufferIndex = 0
    private var exhausted = false

    /// Opens a GeoPackage read-only.
    /// - Parameters:
    ///   - layer: the table; nil takes the only feature table (or the first, in
    ///     `gpkg_contents` order, when there are several).
    ///   - box: only features whose envelope intersects this box (in the layer's CRS).
    /// - Throws: `ReadError` when the file is not a GeoPackage or has no such table.
    public init(path: String, layer name: String? = nil, intersecting box: BoundingBox? = nil) throws(ReadError) {
        self.path = path
        self.box = box
        queue = try GeoPackage.open(path)
        let layers = try GeoPackage.layers(in: queue, path: path)
        if let name {
            guard let found = layers.first(where: { $0.name == name }) ?? layers.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ReadError(format: "GeoPackage", location: SourceLocation(file: path),
                                message: "no feature table \"\(name)\" (tables: \(layers.map(\.name).joined(separator: ", ")))")
            }
            layer = found
        } else {
            guard let first = layers.first else {
                throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "the GeoPackage has no feature table")
            }
            layer = first
        }
    }

    /// The next feature, or nil at the end.
    /// - Throws: `ReadError` naming the feature id for an unreadable geometry.
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
        let columns = ([layer.idColumn, layer.geometryColumn] + layer.fields.map(\.name)).map(q).joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \(q(layer.name)) WHERE \(q(layer.idColumn)) > ?"
        var arguments: StatementArguments = [lastID]
        if let box {
            if layer.hasSpatialIndex {
                sql += " AND \(q(layer.idColumn)) IN (SELECT id FROM \(q("rtree_\(layer.name)_\(layer.geometryColumn)")) WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?)"
                arguments += [box.minX, box.maxX, box.minY, box.maxY]
            }
        }
        sql += " ORDER BY \(q(layer.idColumn)) LIMIT 4096"
        let fields = layer.fields
        let table = layer.name
        let path = self.path
        let filterBox = layer.hasSpatialIndex ? nil : box
        do {
            let rows = try queue.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
            for row in rows {
                let id: Int64 = row[0]
                lastID = id
                var geometry: Geometry?
                switch (row[1] as DatabaseValue).storage {
                case .blob(let data):
                    do {
                        geometry = try data.withUnsafeBytes { raw throws(ReadError) in try GeoPackageGeometry.decode(raw) }
                    } catch let error as ReadError {
                        throw ReadError(format: "GeoPackage", location: SourceLocation(file: path, featureIndex: Int(id)),
                                        message: "table \"\(table)\", fid \(id): \(error.message)")
                    }
                case .null: geometry = nil
                default:
                    throw ReadError(format: "GeoPackage", location: SourceLocation(file: path, featureIndex: Int(id)),
                                    message: "table \"\(table)\", fid \(id): the geometry column holds a non-blob value")
                }
                if let filterBox, !(geometry?.boundingBox.map { $0.intersects(filterBox) } ?? false) { continue }
                var properties = JSONObject()
                for (i, field) in fields.enumerated() {
                    properties[field.name] = Self.jsonValue((row[i + 2] as DatabaseValue).storage, type: field.type)
                }
                buffer.append(Feature(id: .integer(id), geometry: geometry, properties: properties))
            }
            if rows.count < 4096 { exhausted = true }
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(table)\": \(GeoPackageWriter.describe(error))")
        }
        if buffer.isEmpty && !exhausted { try fill() }
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
    /// The feature tables of a GeoPackage, in `gpkg_contents` order.
    /// - Throws: `ReadError` when the file cannot be opened or is not a GeoPackage.
    public static func layers(atPath path: String) throws(ReadError) -> [GeoPackageLayerInfo] {
        try layers(in: try open(path), path: path)
    }

    /// Reads one feature table (the first when `layer` is nil) into memory.
    /// - Throws: `ReadError`.
    public static func readLayer(atPath path: String, layer: String? = nil, intersecting box: BoundingBox? = nil) throws(ReadError) -> Layer {
        try GeoPackageReader(path: path, layer: layer, intersecting: box).readAll()
    }

    static func open(_ path: String) throws(ReadError) -> DatabaseQueue {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "cannot open the file")
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
        do {
            return try queue.read { db in
                guard try db.tableExists("gpkg_contents"), try db.tableExists("gpkg_geometry_columns") else {
                    throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "not a GeoPackage (no gpkg_contents/gpkg_geometry_columns table)")
                }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id, s.organization, s.organization_coordsys_id, s.definition,
                           c.min_x, c.min_y, c.max_x, c.max_y
                    FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                    LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                    WHERE c.data_type = 'features' ORDER BY c.rowid
                    """)
                let hasExtensions = try db.tableExists("gpkg_extensions")
                return try rows.map { row in
                    let name: String = row[0]
                    let geometryColumn: String = row[1]
                    var idColumn = "fid"
                    var fields: [Field] = []
                    for column in try db.columns(in: name) {
                        if column.isNotNull && column.primaryKeyIndex > 0 && column.type.uppercased() == "INTEGER" {
                            idColumn = column.name
                        } else if column.name != geometryColumn {
                            fields.append(Field(name: column.name, type: GeoPackageSchema.fieldType(forDeclared: column.type)))
                        }
                    }
                    if let pk = try db.primaryKey(name).columns.first, pk != geometryColumn {
                        idColumn = pk
                        fields.removeAll { $0.name == pk }
                    }
                    let srsID: Int? = row[3]
                    let organization: String? = row[4]
                    let code: Int? = row[5]
                    let definition: String? = row[6]
                    let crs: CRSReference?
                    if let srsID, srsID <= 0 { crs = nil }
                    else if organization?.uppercased() == "EPSG", let code { crs = .epsg(code) }
                    else if let definition, definition != "undefined" { crs = .other(definition) }
                    else { crs = nil }
                    var extent: BoundingBox?
                    if let minX: Double = row[7], let minY: Double = row[8], let maxX: Double = row[9], let maxY: Double = row[10] {
                        extent = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                    }
                    var indexed = false
                    if hasExtensions {
                        let registered = try Int.fetchOne(db, sql: """
                            SELECT count(*) FROM gpkg_extensions WHERE lower(table_name) = lower(?) AND lower(column_name) = lower(?) AND extension_name = 'gpkg_rtree_index'
                            """, arguments: [name, geometryColumn]) ?? 0
                        indexed = try registered > 0 && db.tableExists("rtree_\(name)_\(geometryColumn)")
                    }
                    return GeoPackageLayerInfo(name: name, geometryColumn: geometryColumn, geometryTypeName: row[2], crs: crs, fields: fields,
                                               extent: extent, hasSpatialIndex: indexed, idColumn: idColumn)
                }
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: GeoPackageWriter.describe(error))
        }
    }
}
