import Foundation
import GeoCore
import GeoPROJ
import GRDB

/// A GeoPackage table as a `FeatureStore`: every query is answered by SQLite, the box
/// by the table's R-tree index, the predicate by its SQL rendering (values bound, never
/// interpolated), paging by the integer primary key. One store serves many concurrent
/// tasks over a few read-only connections.
///
/// ```swift
/// let store = try GeoPackageStore(path: "aed.gpkg")
/// let page = try await store.features(matching: FeatureQuery(boundingBox: box, limit: 100))
/// ```
///
/// A box selects the features whose envelope intersects it (what the R-tree holds),
/// as GDAL and OGC API servers over GeoPackage do.
public final class GeoPackageStore: FeatureStore {
    /// The file.
    public let path: String
    /// The table's schema: fields, id column, geometry type, CRS, the extent that
    /// `gpkg_contents` records, and the row count.
    public let schema: LayerSchema
    let layer: GeoPackageLayerInfo
    /// The id column as SQL (quoted, or `rowid`), nil for a view without one.
    let idColumn: String?
    /// The R-tree table, quoted, when the table has one.
    let spatialIndex: String?
    private let connections: [DatabaseQueue]
    private let rotation = Rotation()

    /// Opens a table of a GeoPackage read-only.
    /// - Parameters:
    ///   - path: the `.gpkg` file.
    ///   - name: the table; nil takes the first layer.
    ///   - connections: how many SQLite connections serve concurrent queries (at least 1).
    /// - Throws: `ReadError` when the file is not a GeoPackage or has no such table.
    public init(path: String, layer name: String? = nil, connections: Int = 4) throws(ReadError) {
        let first = try GeoPackage.open(path)
        let layer = try GeoPackage.contents(in: first, path: path).layer(named: name, path: path)
        var queues = [first]
        while queues.count < max(1, connections) { queues.append(try GeoPackage.open(path)) }
        let q = GeoPackageSchema.quoted
        self.path = path
        self.layer = layer
        self.connections = queues
        idColumn = layer.idColumn.map { $0 == "rowid" ? "rowid" : q($0) }
        spatialIndex = layer.hasSpatialIndex ? layer.geometryColumn.map { q("rtree_\(layer.name)_\($0)") } : nil
        let count: Int
        do {
            count = try first.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(q(layer.name))") ?? 0 }
        } catch {
            throw ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(layer.name)\": \(SQLiteFailure.describe(error))", cause: error)
        }
        let declared = layer.geometryTypeName?.uppercased()
        schema = LayerSchema(name: layer.name, fields: layer.fields, idField: layer.idColumn,
                             geometryType: GeometryType.allCases.first { $0.wktName == declared },
                             hasGeometry: layer.geometryColumn != nil, crs: layer.crs, extent: layer.extent, featureCount: count)
    }

    public func count(matching query: FeatureQuery) async throws(ReadError) -> Int {
        let plan = try GeoPackageQueryPlan(query, store: self)
        return try await read { db in try plan.count(db) }
    }

    public func features(matching query: FeatureQuery) async throws(ReadError) -> FeaturePage {
        let plan = try GeoPackageQueryPlan(query, store: self)
        return try await read { db in try plan.page(db) }
    }

    /// The page and the count in one read on one connection.
    public func pageAndCount(matching query: FeatureQuery) async throws(ReadError) -> (page: FeaturePage, matched: Int) {
        let plan = try GeoPackageQueryPlan(query, store: self)
        return try await read { db in (try plan.page(db), try plan.count(db)) }
    }

    public func feature(id: FeatureID) async throws(ReadError) -> Feature? {
        let plan = try GeoPackageQueryPlan(FeatureQuery(ids: [id], limit: 1), store: self)
        return try await read { db in try plan.page(db).features.first }
    }

    /// Runs `work` on one of the connections, off the caller's thread.
    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(ReadError) -> T {
        let connection = connections[rotation.next(modulo: connections.count)]
        do {
            return try await connection.read(work)
        } catch {
            throw SQLiteFailure.readError(from: error) { failure($0) }
        }
    }

    func failure(_ message: String, code: ReadError.Code = .malformed) -> ReadError {
        ReadError(format: "GeoPackage", location: SourceLocation(file: path), message: "table \"\(layer.name)\": \(message)", code: code)
    }
}

/// Hands out 0, 1, 2, … in turn from any thread: concurrent queries go to different
/// connections.
private final class Rotation: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func next(modulo: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        count &+= 1
        return (count & .max) % modulo
    }
}
