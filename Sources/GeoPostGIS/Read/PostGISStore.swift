import Foundation
import GeoCore
import GeoPROJ
import Logging
import PostgresNIO

/// A PostGIS table as a `FeatureStore`: every query is answered by PostgreSQL — the box
/// by the GiST index (`&&` with `ST_MakeEnvelope` in the table's SRID), the predicate by
/// its SQL rendering with bound values, paging by the integer primary key (keyset
/// cursors) — over a pool of connections. The store keeps no state between calls, so
/// several servers can share one database behind a load balancer.
///
/// ```swift
/// let store = try await PostGISStore.open(PostGISLocation("postgresql://gis@db/opendata?table=aed"))
/// let page = try await store.features(matching: FeatureQuery(boundingBox: box, limit: 100))
/// ```
///
/// A box selects the features whose envelope intersects it, as the GeoPackage store does.
public final class PostGISStore: FeatureStore {
    /// The table.
    public let location: PostGISLocation
    /// The table's schema: fields, id column, geometry type, SRID as CRS, extent and row count.
    public let schema: LayerSchema
    let table: PostGISCatalog.Table
    let tableName: String
    /// What queries select from: the quoted table, or the user's query as a subquery.
    let fromClause: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    private init(location: PostGISLocation, table: PostGISCatalog.Table, schema: LayerSchema) {
        self.location = location
        self.table = table
        self.schema = schema
        tableName = location.table ?? schema.name
        fromClause = location.sql.map { "(\($0)) AS geokit_rows" } ?? location.qualified(tableName)
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: PostGISLog.silent)
        self.client = client
        runner = Task.detached(executorPreference: PostGISExecutor.shared) { await client.run() }
    }

    deinit { runner.cancel() }

    /// Opens a table: checks the connection and PostGIS, reads the table's columns, key,
    /// SRID, extent and row count, then starts a pool of connections.
    /// - Parameter location: the database and its `table`.
    /// - Throws: `ReadError` with code `cannotOpen` for a server that cannot be reached,
    ///   failed authentication, a database without PostGIS or no such table.
    public static func open(_ location: PostGISLocation) async throws(ReadError) -> PostGISStore {
        guard let name = location.table ?? (location.sql != nil ? "query" : nil) else {
            throw ReadError(format: "PostGIS", location: SourceLocation(file: location.description), message: "no table named (add ?table=NAME to the URL)", code: .cannotOpen)
        }
        do {
            let connection = try await location.connect()
            defer { Task { try? await connection.close() } }
            try await PostGISCatalog.requirePostGIS(on: connection, location: location)
            if location.sql != nil { try await connection.query(PostGISSQL.query("START TRANSACTION READ ONLY"), logger: PostGISLog.silent) }
            let table = if let sql = location.sql {
                try await PostGISCatalog.query(sql, on: connection)
            } else {
                try await PostGISCatalog.table(name, on: connection, location: location)
            }
            let qualified = location.sql.map { "(\($0)) AS geokit_rows" } ?? location.qualified(name)
            let count = try await connection.query(PostGISSQL.query("SELECT count(*) FROM \(qualified)"), logger: PostGISLog.silent).collect().first?.decode(Int64.self) ?? 0
            var extent: BoundingBox?
            if let geometry = table.geometryColumn {
                let g = PostGISSQL.quoted(geometry)
                let rows = try await connection.query(PostGISSQL.query(
                    "SELECT ST_XMin(e)::float8, ST_YMin(e)::float8, ST_XMax(e)::float8, ST_YMax(e)::float8 FROM (SELECT ST_Extent(\(g)) AS e FROM \(qualified)) AS s WHERE e IS NOT NULL"),
                    logger: PostGISLog.silent).collect()
                if let row = rows.first {
                    let (minX, minY, maxX, maxY) = try row.decode((Double, Double, Double, Double).self)
                    extent = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                }
            }
            let declared = table.geometryType.uppercased().replacingOccurrences(of: "Z", with: "", options: .anchored)
            let geometryType = GeometryType.allCases.first { $0.wktName == declared || $0.wktName + "Z" == table.geometryType.uppercased() }
            if location.sql != nil { try await connection.query(PostGISSQL.query("COMMIT"), logger: PostGISLog.silent) }
            let schema = LayerSchema(name: name, fields: table.columns.map { Field(name: $0.name, type: $0.type) }, idField: table.idColumn,
                                     geometryType: geometryType, hasGeometry: table.geometryColumn != nil,
                                     crs: table.srid > 0 ? .epsg(table.srid) : nil, extent: extent, featureCount: Int(count))
            return PostGISStore(location: location, table: table, schema: schema)
        } catch {
            throw PostGISFailure.readError(error, location: location)
        }
    }

    public func count(matching query: FeatureQuery) async throws(ReadError) -> Int {
        let plan = try PostGISQueryPlan(query, store: self)
        return try await run { connection in try await plan.count(on: connection) }
    }

    public func features(matching query: FeatureQuery) async throws(ReadError) -> FeaturePage {
        let plan = try PostGISQueryPlan(query, store: self)
        return try await run { connection in try await plan.page(on: connection) }
    }

    /// The page and the count on one connection.
    public func pageAndCount(matching query: FeatureQuery) async throws(ReadError) -> (page: FeaturePage, matched: Int) {
        let plan = try PostGISQueryPlan(query, store: self)
        return try await run { connection in (try await plan.page(on: connection), try await plan.count(on: connection)) }
    }

    public func feature(id: FeatureID) async throws(ReadError) -> Feature? {
        guard let number = id.integerValue else { return nil }
        // A query's rows are numbered from 1.
        let query = table.idColumn != nil ? FeatureQuery(ids: [id], limit: 1) : FeatureQuery(limit: 1, offset: Int(max(0, number - 1)))
        if table.idColumn == nil && number < 1 { return nil }
        let plan = try PostGISQueryPlan(query, store: self)
        return try await run { connection in try await plan.page(on: connection).features.first }
    }

    /// Runs work on a pooled connection; errors become `ReadError`s naming the table.
    private func run<T: Sendable>(_ work: (PostgresConnection) async throws -> T) async throws(ReadError) -> T {
        do {
            guard location.sql != nil else { return try await client.withConnection { connection in try await work(connection) } }
            // The user's query runs where it cannot change anything.
            return try await client.withConnection { connection in
                try await connection.query(PostGISSQL.query("START TRANSACTION READ ONLY"), logger: PostGISLog.silent)
                do {
                    let result = try await work(connection)
                    try await connection.query(PostGISSQL.query("COMMIT"), logger: PostGISLog.silent)
                    return result
                } catch {
                    _ = try? await connection.query(PostGISSQL.query("ROLLBACK"), logger: PostGISLog.silent)
                    throw error
                }
            }
        } catch {
            throw PostGISFailure.readError(error, location: location)
        }
    }

    /// An error about a query, naming the table.
    func invalid(_ message: String) -> ReadError {
        ReadError(format: "PostGIS", location: SourceLocation(file: location.description), message: message, code: .invalidQuery)
    }
}
