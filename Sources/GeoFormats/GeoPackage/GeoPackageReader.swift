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
    @exclusivity(unchecked) private var decoder: GeoPackageRowDecoder

    /// What the reader noticed so far: geometries kept without geometry or repaired,
    /// curves linearised, M values dropped, each with the table and feature id.
    public var warnings: [ReadWarning] { decoder.log.warnings }

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
        layer = try GeoPackage.contents(in: queue, path: path).layer(named: name, path: path)
        decoder = GeoPackageRowDecoder(path: path, table: layer.name, fields: layer.fields)
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

    /// The next rows, at most `maxCount`, handed over from the reader's buffer.
    /// - Throws: `ReadError` naming the table for a failure of SQLite.
    public func nextBatch(maxCount: Int) throws(ReadError) -> [Feature] {
        var batch: [Feature] = []
        while batch.count < maxCount {
            if bufferIndex == buffer.count {
                if exhausted { break }
                try fill()
                if buffer.isEmpty { break }
            }
            let take = min(maxCount - batch.count, buffer.count - bufferIndex)
            batch += buffer[bufferIndex..<(bufferIndex + take)]
            bufferIndex += take
            featuresRead += take
        }
        return batch
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
        var sql = "SELECT \(GeoPackageRowDecoder.columns(id: idExpression, geometry: layer.geometryColumn, fields: layer.fields)) FROM \(q(layer.name))"
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
        let table = layer.name
        let path = self.path
        // The R-tree holds boxes rounded outward to 32-bit floats, so its candidates include
        // features up to a float's step outside the box: each is checked exactly here.
        let filterBox = box
        do {
            let rows = try queue.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
            for row in rows {
                rowsRead += 1
                if let id = GeoPackageRowDecoder.id(of: row) { lastID = id }
                let feature = decoder.feature(from: row, fallbackID: Int64(rowsRead))
                if let filterBox, !(feature.geometry?.boundingBox.map { $0.intersects(filterBox) } ?? false) { continue }
                buffer.append(feature)
            }
            if rows.count < 4096 { exhausted = true }
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(table)\": \(SQLiteFailure.describe(error))", cause: error)
        }
        if buffer.isEmpty && !exhausted { try fill() }
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
            // Exact box queries on the R-tree (see `GeoPackageExactBox`).
            configuration.prepareDatabase { db in db.add(function: GeoPackageExactBox.function) }
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "not an SQLite database: \(SQLiteFailure.describe(error))", cause: error)
        }
    }

    static func layers(in queue: DatabaseQueue, path: String) throws(ReadError) -> [GeoPackageLayerInfo] {
        try contents(in: queue, path: path).layers
    }
}
