import Foundation
import GeoCore
import GRDB
import GRDBSQLite

/// Writes a new GeoPackage (OGC GeoPackage 1.3, with 1.4's R-tree triggers) feature by feature: one or more layers,
/// each with its CRS's WKT from PROJ, its extent in `gpkg_contents`, and an R-tree
/// spatial index with the standard triggers. Rows go in large transactions.
///
/// The file is built under a temporary name beside the target and renamed by `finish()`;
/// a writer dropped without `finish()`, or one that failed, leaves nothing behind.
///
/// ```swift
/// let writer = try GeoPackageWriter(path: "schools.gpkg")
/// try writer.beginLayer(name: "schools", crs: .epsg(25832), fields: layer.fields)
/// for feature in layer.features { try writer.write(feature) }
/// try writer.finish()
/// ```
public final class GeoPackageWriter {
    /// The target path.
    public let path: String
    /// Features written so far, over all layers.
    public private(set) var featuresWritten = 0
    /// The layers begun and not discarded so far.
    public var layerCount: Int { layerNames.count }

    private let temporary: String
    private var queue: DatabaseQueue?
    private var current: LayerState?
    private var layerNames: Set<String> = []
    private var pending: [Feature] = []
    private var nextCustomSRS = 100_000
    private var finished = false

    struct LayerState {
        var table: String
        var idColumn: String
        var geometryColumn: String
        /// False for an attribute table (`data_type = 'attributes'`, no geometry column).
        var hasGeometry = true
        /// The parameter index of the first property column in `insertSQL`.
        var firstPropertyParameter: Int32 { hasGeometry ? 2 : 1 }
        var fields: [Field]
        var srsID: Int32
        var extent = BoundingBox.Accumulator()
        var types: Set<GeometryType> = []
        var hasZ = false
        var insertSQL: String
        var index = GeoPackageRTree()
        var firstFeatureIndex: Int
        /// Whether properties not in `fields` get new columns (see `beginLayer`).
        var growing: Bool
        /// The column of each field (a field named like the id or geometry column gets `_1`).
        var columns: [String]
        /// The column of each property name (its field's index), with the key lists of
        /// recent features remembered.
        var positions: KeyPositions
        /// The property names of the fields, in column order.
        var fieldNames: [String] = []
        var lastType: GeometryType?
        /// The types the values actually had, when growing.
        var observed = FieldSchemaBuilder()
        /// Whether each column has text affinity (a number bound into it must be bound as
        /// its exact text; text bound into any other column must first widen it).
        var textColumns: [Bool] = [] { didSet { hasNumericColumns = textColumns.contains(false) } }
        /// Whether any column is not text (so text values must be checked against it).
        var hasNumericColumns = false

        mutating func rebuildInsert() {
            fieldNames = fields.map(\.name)
            textColumns = fields.map { GeoPackageSchema.columnType(for: $0.type) == "TEXT" }
            let q = GeoPackageSchema.quoted
            let inserted = (hasGeometry ? [geometryColumn] : []) + columns
            let placeholders = Array(repeating: "?", count: inserted.count).joined(separator: ", ")
            insertSQL = "INSERT INTO \(q(table)) (\(inserted.map(q).joined(separator: ", "))) VALUES (\(placeholders))"
        }
    }

    /// Creates the file (under a temporary name) with the GeoPackage core tables.
    /// - Parameters:
    ///   - path: the target file.
    ///   - overwrite: when false, an existing file at `path` is an error.
    /// - Throws: `WriteError` when the target exists or the folder is not writable.
    public init(path: String, overwrite: Bool = false) throws(WriteError) {
        self.path = path
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw WriteError(file: path, message: "already exists", code: .alreadyExists)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        ScratchFiles.removeLeftovers(in: folder)
        temporary = ScratchFiles.name(beside: path, kind: "tmp")
        for suffix in Self.sqliteSuffixes { ScratchFiles.register(temporary + suffix) }
        do {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            configuration.foreignKeysEnabled = false
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            self.queue = queue
            try queue.inDatabase { db in
                db.add(function: Self.exactText)
                try db.execute(sql: "PRAGMA application_id = \(GeoPackageSchema.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(GeoPackageSchema.userVersion)")
                // The file only gets its name when complete, so a journal buys nothing.
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA cache_size = -32768")
                try db.execute(sql: "BEGIN")
                for sql in GeoPackageSchema.coreTables { try db.execute(sql: sql) }
                for row in GeoPackageSchema.requiredSpatialReferenceSystems {
                    try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [row.name, row.id, row.organization, row.code, row.definition, row.description])
                }
            }
            _ = try spatialReferenceID(for: .epsg(4326))
        } catch let error as WriteError {
            cleanUp()
            throw error
        } catch {
            cleanUp()
            throw WriteError(file: path, message: "cannot create the GeoPackage: \(SQLiteFailure.describe(error))", cause: error)
        }
    }

    deinit {
        if !finished { cleanUp() }
    }

    /// Starts a new layer (a feature table); the previous one, if any, is completed.
    /// - Parameters:
    ///   - name: the table name (must be unique in the file).
    ///   - crs: the coordinates' CRS; nil writes the "undefined cartesian" SRS (-1).
    ///   - description: the table's description in `gpkg_contents`.
    ///   - fields: the attribute columns, in order. Values of other properties are not
    ///     written; values that do not fit a column's type are written as text.
    ///   - growingFields: when true, properties missing from `fields` get new columns as
    ///     they appear, and columns whose values turn out wider than declared (integers,
    ///     then reals or text) are retyped when the layer completes. Lets a GeoJSON input
    ///     be converted in one pass.
    ///   - hasGeometry: false writes an attribute table (`data_type = 'attributes'`, as
    ///     GDAL writes a layer without geometry); its features must have none.
    /// - Throws: `WriteError` for a duplicate name, an unknown CRS or an SQLite failure.
    public func beginLayer(name: String, crs: CRSReference?, fields: [Field], description: String = "", growingFields: Bool = false,
                           hasGeometry: Bool = true) throws(WriteError) {
        try completeLayer()
        guard !layerNames.contains(name.lowercased()) else {
            throw WriteError(file: path, message: "two layers named \"\(name)\"")
        }
        layerNames.insert(name.lowercased())
        let srsID = try spatialReferenceID(for: crs)
        let lowerNames = Set(fields.map { $0.name.lowercased() })
        let idColumn = ["fid", "ogc_fid", "geokit_fid"].first { !lowerNames.contains($0) } ?? "fid_\(fields.count)"
        let geometryColumn = ["geom", "geometry", "geokit_geom"].first { !lowerNames.contains($0) } ?? "geom_\(fields.count)"
        let q = GeoPackageSchema.quoted
        let columns = fields.map { "\(q($0.name)) \(GeoPackageSchema.columnType(for: $0.type))" }
        let create = "CREATE TABLE \(q(name)) (\(q(idColumn)) INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"
            + (hasGeometry ? ", \(q(geometryColumn)) GEOMETRY" : "") + columns.map { ", " + $0 }.joined() + ")"
        var state = LayerState(
            table: name, idColumn: idColumn, geometryColumn: geometryColumn, fields: fields, srsID: Int32(srsID),
            insertSQL: "", firstFeatureIndex: featuresWritten, growing: growingFields,
            columns: fields.map(\.name), positions: KeyPositions(names: fields.map(\.name)))
        state.hasGeometry = hasGeometry
        state.rebuildInsert()
        try perform { db in
            try db.execute(sql: create)
            guard hasGeometry else {
                try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)",
                               arguments: [name, name, description])
                return
            }
            try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)",
                           arguments: [name, name, description, srsID])
            try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'GEOMETRY', ?, 0, 0)", arguments: [name, geometryColumn, srsID])
            try db.execute(sql: "CREATE VIRTUAL TABLE \(q("rtree_\(name)_\(geometryColumn)")) USING rtree(id, minx, maxx, miny, maxy)")
            try db.execute(sql: "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                           arguments: [name, geometryColumn])
        }
        current = state
    }

    /// Writes one feature into the current layer (buffered; rows go in batches).
    /// - Throws: `WriteError` when no layer was begun, for a geometry no reader would take
    ///   back (code `.invalidGeometry`, with the feature index), or when SQLite fails.
    public func write(_ feature: Feature) throws(WriteError) {
        guard current != nil else { throw WriteError(file: path, message: "write(_:) before beginLayer(name:crs:fields:)") }
        // The feature's index is worked out only for an error: each property access of
        // this class is checked for exclusivity, which costs on every feature.
        if let geometry = feature.geometry, geometry.structuralProblem != nil,
           let error = WriteError.unwritable(geometry, file: path, featureIndex: featuresWritten - (current?.firstFeatureIndex ?? 0) + pending.count) {
            throw error
        }
        pending.append(feature)
        if pending.count >= 4096 { try flush() }
    }

    /// Completes the current layer (extent, geometry type, spatial index) and keeps the file
    /// open for another `beginLayer`.
    /// - Throws: `WriteError`.
    public func endLayer() throws(WriteError) {
        try completeLayer()
    }

    /// Drops the current layer and everything written to it (an input that failed part
    /// way), keeping the layers before it.
    /// - Throws: `WriteError`.
    public func discardLayer() throws(WriteError) {
        pending.removeAll()
        guard let state = current else { return }
        current = nil
        layerNames.remove(state.table.lowercased())
        let q = GeoPackageSchema.quoted
        try perform { db in
            try db.execute(sql: "DROP TABLE IF EXISTS \(q(state.table))")
            try db.execute(sql: "DROP TABLE IF EXISTS \(q("rtree_\(state.table)_\(state.geometryColumn)"))")
            for table in ["gpkg_extensions", "gpkg_geometry_columns", "gpkg_contents"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE table_name = ?", arguments: [state.table])
            }
        }
    }

    /// Completes the last layer (extent, geometry type, spatial index triggers), closes
    /// the file and renames it onto the target.
    /// - Throws: `WriteError`; the target is then left untouched.
    public func finish() throws(WriteError) {
        guard !finished else { return }
        try completeLayer()
        do {
            try queue?.inDatabase { db in
                try db.execute(sql: "COMMIT")
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue?.close()
            queue = nil
        } catch {
            cleanUp()
            throw WriteError(file: path, message: "cannot complete the GeoPackage: \(SQLiteFailure.describe(error))", cause: error)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            cleanUp()
            throw WriteError(file: path, message: "cannot move the finished output into place: \(reason)")
        }
        for suffix in Self.sqliteSuffixes { ScratchFiles.unregister(temporary + suffix) }
        finished = true
    }

    /// The temporary database and the files SQLite may keep beside it.
    static let sqliteSuffixes = ["", "-journal", "-wal", "-shm"]

    /// Writes a whole layer to a new file, as `LayerIO.write` does: feature ids that the
    /// row numbering would not give back are kept in an `id` field
    /// (`Layer.carryingIDsAsField()`).
    /// - Returns: what could not be kept (as `LayerIO.write`).
    /// - Throws: `WriteError`.
    @discardableResult
    public static func write(_ layer: Layer, toPath path: String, overwrite: Bool = false) throws(WriteError) -> [String] {
        try LayerIO.write(layer, toPath: path, format: .geopackage, overwrite: overwrite)
    }

    // MARK: - Internals

    private func flush() throws(WriteError) {
        guard !pending.isEmpty, var state = current else { return }
        // Taken out while it grows, so that its arrays are not copied on write.
        current = nil
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let start = featuresWritten
        var failedAt: Int?
        try perform { db in
            // Rows are bound straight onto GRDB's prepared statement: GRDB's per-value
            // boxing (StatementArguments) cost more than SQLite itself.
            var statement = try db.cachedStatement(sql: state.insertSQL).sqliteStatement
            var blob: [UInt8] = []
            blob.reserveCapacity(256)
            let text = SQLiteBinding.TextArena()
            for (offset, feature) in batch.enumerated() {
                failedAt = start + offset
                let keys = feature.properties.keys
                // Most layers repeat one key list in column order: bind by position then.
                let inColumnOrder = keys == state.fieldNames
                var columnOfKey: [Int] = []
                if !inColumnOrder {
                    columnOfKey = state.positions.positions(of: keys)
                    if state.growing, columnOfKey.contains(-1) {
                        try Self.addColumns(for: feature.properties, to: &state, db: db)
                        statement = try db.cachedStatement(sql: state.insertSQL).sqliteStatement
                        columnOfKey = state.positions.positions(of: keys)
                    }
                }
                if state.growing { state.observed.add(feature.properties) }
                // Text into a numeric column widens the column first, so that SQLite keeps
                // the text as it is (`05111000` would become 5111000).
                if state.hasNumericColumns {
                    let values = feature.properties.values
                    for i in values.indices {
                        guard case .string(let text) = values[i] else { continue }
                        let column = inColumnOrder ? i : columnOfKey[i]
                        guard column >= 0, !state.textColumns[column], Self.needsTextColumn(text, for: state.fields[column].type) else { continue }
                        sqlite3_reset(statement)
                        try Self.widenToText(column: column, of: &state, db: db)
                        statement = try db.cachedStatement(sql: state.insertSQL).sqliteStatement
                    }
                }
                sqlite3_reset(statement)
                // Columns the feature has no value for are NULL.
                if !inColumnOrder { sqlite3_clear_bindings(statement) }
                var boxOfRow: BoundingBox?
                if !state.hasGeometry {
                    if feature.geometry != nil {
                        throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "a geometry for a layer begun without geometry (an attribute table)")
                    }
                } else if let geometry = feature.geometry {
                    boxOfRow = GeoPackageGeometry.encode(geometry, srsID: state.srsID, into: &blob)
                    blob.withUnsafeBytes { raw in
                        _ = sqlite3_bind_blob(statement, 1, raw.baseAddress, Int32(raw.count), SQLiteBinding.transient)
                    }
                    if state.lastType != geometry.type {
                        state.types.insert(geometry.type)
                        state.lastType = geometry.type
                    }
                    if !state.hasZ, geometry.hasZ { state.hasZ = true }
                    if let box = boxOfRow { state.extent.add(box) }
                } else {
                    sqlite3_bind_null(statement, 1)
                }
                // Text values are copied into one buffer that outlives the step, so that
                // SQLite need not copy each into memory of its own.
                let values = feature.properties.values
                text.prepare(for: values)
                let first = state.firstPropertyParameter
                state.textColumns.withUnsafeBufferPointer { textColumns in
                    if inColumnOrder {
                        for i in values.indices {
                            text.bind(values[i], at: Int32(i) + first, to: statement, asText: textColumns[i])
                        }
                    } else {
                        for i in values.indices where columnOfKey[i] >= 0 {
                            text.bind(values[i], at: Int32(columnOfKey[i]) + first, to: statement, asText: textColumns[columnOfKey[i]])
                        }
                    }
                }
                let code = sqlite3_step(statement)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                if let box = boxOfRow {
                    do { try state.index.add(id: sqlite3_last_insert_rowid(db.sqliteConnection), box: box) } catch {
                        throw DatabaseError(resultCode: .SQLITE_FULL, message: "more than 4,294,967,295 features in one layer")
                    }
                }
            }
            sqlite3_reset(statement)
            // No binding may point into the text buffer once it is gone.
            sqlite3_clear_bindings(statement)
        } onFailure: { message in
            "feature \(failedAt.map { String($0 - state.firstFeatureIndex) } ?? "?") of layer \"\(state.table)\": \(message)"
        }
        featuresWritten += batch.count
        current = state
    }

    private func completeLayer() throws(WriteError) {
        try flush()
        guard var state = current else { return }
        current = nil
        let typeName: String = state.types.count == 1 ? state.types.first!.wktName : "GEOMETRY"
        try perform { db in
            if state.growing { try Self.retype(&state, db: db) }
            guard state.hasGeometry else { return }
            if let box = state.extent.box {
                try db.execute(sql: "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                               arguments: [box.minX, box.minY, box.maxX, box.maxY, state.table])
            }
            try db.execute(sql: "UPDATE gpkg_geometry_columns SET geometry_type_name = ?, z = ? WHERE table_name = ?",
                           arguments: [typeName, state.hasZ ? 1 : 0, state.table])
            try state.index.write(into: "rtree_\(state.table)_\(state.geometryColumn)", db: db)
            for sql in GeoPackageSchema.rtreeTriggers(table: state.table, geometryColumn: state.geometryColumn, idColumn: state.idColumn) {
                try db.execute(sql: sql)
            }
        }
    }

    /// The srs_id for a CRS, adding its row on first use.
    private func spatialReferenceID(for crs: CRSReference?) throws(WriteError) -> Int {
        guard let crs else { return -1 }
        guard let row = GeoPackageSchema.spatialReferenceRow(for: crs, custom: nextCustomSRS) else {
            throw WriteError(file: path, message: "the CRS of the data, \(crs.identifier.abbreviated(to: 80)), cannot be written: PROJ does not read it (--s-crs names the CRS)")
        }
        // A CRS already in the file keeps its row: by its id for an authority code, by its
        // definition for a custom CRS (several shapefiles with one .prj share one row).
        var id = row.id
        try perform { db in
            let known = try Int.fetchOne(db, sql: "SELECT srs_id FROM gpkg_spatial_ref_sys WHERE srs_id = ? OR (definition = ? AND srs_id >= 100000) ORDER BY srs_id = ? DESC LIMIT 1",
                                         arguments: [row.id, row.definition, row.id])
            if let known {
                id = known
            } else {
                try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, NULL)",
                               arguments: [row.name, row.id, row.organization, row.code, row.definition])
                if row.id == nextCustomSRS { nextCustomSRS += 1 }
            }
        }
        return id
    }

    private func perform(_ body: (Database) throws -> Void, onFailure describe: (String) -> String = { $0 }) throws(WriteError) {
        guard let queue else { throw WriteError(file: path, message: "the GeoPackage is already closed") }
        do {
            try queue.inDatabase(body)
        } catch {
            let message = describe(SQLiteFailure.describe(error))
            cleanUp()
            throw WriteError(file: path, message: message)
        }
    }

    private func cleanUp() {
        try? queue?.close()
        queue = nil
        finished = true
        for suffix in Self.sqliteSuffixes {
            unlink(temporary + suffix)
            ScratchFiles.unregister(temporary + suffix)
        }
    }
}
