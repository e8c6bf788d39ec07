import GeoCore
import GRDB

/// What a GeoPackage holds: the layers that can be read, and what is wrong with those
/// that cannot.
public struct GeoPackageContents: Sendable {
    /// The readable layers, in `gpkg_contents` order.
    public var layers: [GeoPackageLayerInfo]
    /// One error for each registered table that cannot be read, naming the table.
    public var unreadable: [ReadError]
    /// Every registered layer name, readable or not, in `gpkg_contents` order.
    public var names: [String] = []
}

extension GeoPackageContents {
    /// The layer named `name` (exactly, else ignoring case), or the first when `name` is nil.
    /// - Throws: `ReadError` naming the layers there are, or why the named one cannot be read.
    func layer(named name: String?, path: String) throws(ReadError) -> GeoPackageLayerInfo {
        if let name {
            guard let found = layers.first(where: { $0.name == name }) ?? layers.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                if let broken = unreadable.first(where: { $0.message.hasPrefix("table \"\(name)\"") }) { throw broken }
                throw ReadError(format: "GeoPackage", location: SourceLocation(file: path),
                                message: "no layer \"\(name)\" (layers: \(layers.map(\.name).joined(separator: ", ")))")
            }
            return found
        }
        guard let first = layers.first else {
            throw unreadable.first ?? ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "the GeoPackage has no vector layer")
        }
        return first
    }
}

extension GeoPackage {
    /// GDAL's placeholder in a GeoPackage without vector layers; never a layer.
    static let placeholderTable = "ogr_empty_table"

    static func contents(in queue: DatabaseQueue, path: String) throws(ReadError) -> GeoPackageContents {
        func failure(_ message: String) -> ReadError {
            ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: message)
        }
        do {
            return try queue.read { db in
                guard try db.tableExists("gpkg_contents") else {
                    throw failure("not a GeoPackage (no gpkg_contents table)")
                }
                let hasGeometryColumns = try db.tableExists("gpkg_geometry_columns")
                let hasExtensions = try db.tableExists("gpkg_extensions")
                // Every value is read as what it is, never forced: a NULL or a text where a
                // number belongs is that table's error, not a crash.
                let rows = try Row.fetchAll(db, sql: "SELECT table_name, data_type, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY rowid")
                var result = GeoPackageContents(layers: [], unreadable: [])
                for row in rows {
                    guard let name = Self.text(row[0]) else {
                        result.unreadable.append(failure("a gpkg_contents row has no table_name"))
                        continue
                    }
                    let dataType = Self.text(row[1])?.lowercased() ?? ""
                    guard ["features", "attributes", "aspatial"].contains(dataType) else { continue }
                    if name == placeholderTable && dataType != "features" { continue }
                    result.names.append(name)
                    do {
                        let info = try layer(named: name, dataType: dataType, contentsRow: row, db: db, path: path,
                                             hasGeometryColumns: hasGeometryColumns, hasExtensions: hasExtensions)
                        result.layers.append(info)
                    } catch let error as ReadError {
                        result.unreadable.append(error)
                    } catch {
                        var wrapped = failure("table \"\(name)\": \(SQLiteFailure.describe(error))")
                        wrapped.cause = error
                        result.unreadable.append(wrapped)
                    }
                }
                if result.layers.isEmpty && result.unreadable.isEmpty {
                    throw failure("the GeoPackage has no vector layer (only tiles, or nothing registered in gpkg_contents)")
                }
                return result
            }
        } catch {
            throw SQLiteFailure.readError(from: error, failure)
        }
    }

    private static func layer(named name: String, dataType: String, contentsRow row: Row, db: Database, path: String,
                              hasGeometryColumns: Bool, hasExtensions: Bool) throws -> GeoPackageLayerInfo {
        func failure(_ message: String) -> ReadError {
            ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(name)\": \(message)")
        }
        let isView = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = ?", arguments: [name]) ?? 0 > 0
        let isTable = try db.tableExists(name)
        guard isView || isTable else { throw failure("registered in gpkg_contents, but there is no such table") }
        var geometryColumn: String?, geometryTypeName: String?, srsID = Self.integer(row[6])
        if dataType == "features" {
            guard hasGeometryColumns,
                  let g = try Row.fetchOne(db, sql: "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)", arguments: [name])
            else { throw failure("a feature table without a gpkg_geometry_columns row") }
            guard let column = Self.text(g[0]) else { throw failure("gpkg_geometry_columns.column_name is NULL") }
            geometryColumn = column
            geometryTypeName = Self.text(g[1]) ?? "GEOMETRY"
            srsID = Self.integer(g[2]) ?? srsID
        }
        var crs: CRSReference?
        if let srsID, srsID > 0,
           let s = try Row.fetchOne(db, sql: "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?", arguments: [srsID]) {
            if Self.text(s[0])?.uppercased() == "EPSG", let code = Self.integer(s[1]) { crs = .epsg(Int(code)) }
            else if let definition = Self.text(s[2]), definition != "undefined" { crs = .other(definition) }
        }
        // The columns; the id is the INTEGER PRIMARY KEY (for a view, an integer `fid`).
        let columns = try Row.fetchAll(db, sql: "SELECT name, type, pk FROM pragma_table_info(?)", arguments: [name])
        var idColumn: String?
        var fields: [Field] = []
        let integerKeys = columns.filter { Self.integer($0[2]) ?? 0 > 0 && (Self.text($0[1]) ?? "").uppercased() == "INTEGER" }
        let keyCount = columns.filter { Self.integer($0[2]) ?? 0 > 0 }.count
        if keyCount == 1, let key = integerKeys.first { idColumn = Self.text(key[0]) }
        if idColumn == nil, let fid = columns.first(where: { (Self.text($0[0]) ?? "").lowercased() == "fid" && ["INTEGER", "INT", ""].contains((Self.text($0[1]) ?? "").uppercased()) }) {
            idColumn = Self.text(fid[0])
        }
        if idColumn == nil && !isView { idColumn = "rowid" }
        for column in columns {
            guard let columnName = Self.text(column[0]) else { continue }
            if columnName == idColumn || columnName == geometryColumn { continue }
            fields.append(Field(name: columnName, type: GeoPackageSchema.fieldType(forDeclared: Self.text(column[1]) ?? "")))
        }
        var extent: BoundingBox?
        if let minX = Self.real(row[2]), let minY = Self.real(row[3]), let maxX = Self.real(row[4]), let maxY = Self.real(row[5]) {
            extent = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
        var indexed = false
        if hasExtensions, let geometryColumn, !isView {
            let registered = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM gpkg_extensions WHERE lower(table_name) = lower(?) AND lower(column_name) = lower(?) AND extension_name = 'gpkg_rtree_index'
                """, arguments: [name, geometryColumn]) ?? 0
            indexed = try registered > 0 && db.tableExists("rtree_\(name)_\(geometryColumn)")
        }
        return GeoPackageLayerInfo(name: name, geometryColumn: geometryColumn, geometryTypeName: geometryTypeName, crs: crs, fields: fields,
                                   extent: extent, hasSpatialIndex: indexed, idColumn: idColumn)
    }

    /// A value as text, or nil when it is NULL or not text.
    // Not inlined: Swift 6.3.1 crashes optimising these switches inlined (CopyPropagation).
    @inline(never)
    static func text(_ value: DatabaseValue) -> String? {
        if case .string(let s) = value.storage { return s }
        return nil
    }

    /// A value as an integer, or nil when it is NULL or not an integer.
    // Not inlined: Swift 6.3.1 crashes optimising these switches inlined (CopyPropagation).
    @inline(never)
    static func integer(_ value: DatabaseValue) -> Int64? {
        if case .int64(let i) = value.storage { return i }
        return nil
    }

    /// A value as a finite real (integers included), or nil.
    // Not inlined: Swift 6.3.1 crashes optimising these switches inlined (CopyPropagation).
    @inline(never)
    static func real(_ value: DatabaseValue) -> Double? {
        switch value.storage {
        case .double(let d): d.isFinite ? d : nil
        case .int64(let i): Double(i)
        default: nil
        }
    }
}
