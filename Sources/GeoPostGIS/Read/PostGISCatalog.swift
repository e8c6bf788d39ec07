import Foundation
import GeoCore
import PostgresNIO

/// What a database says about its tables: which have geometries, and a table's columns,
/// primary key, geometry column, SRID and type. Names are passed as bound values.
enum PostGISCatalog {
    /// Fails with the `CREATE EXTENSION postgis` hint when the database lacks PostGIS.
    static func requirePostGIS(on connection: PostgresConnection, location: PostGISLocation) async throws {
        let rows = try await connection.query(PostGISSQL.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"), logger: PostGISLog.silent).collect()
        if rows.isEmpty {
            throw ReadError(format: "PostGIS", location: SourceLocation(file: location.description),
                            message: "the database \"\(location.database)\" has no PostGIS: run CREATE EXTENSION postgis; in it (as its owner)", code: .cannotOpen)
        }
    }

    /// The tables (and views) of the location's schema that have a geometry column, by name.
    static func geometryTables(on connection: PostgresConnection, location: PostGISLocation) async throws -> [String] {
        let rows = try await connection.query(PostGISSQL.query(
            "SELECT DISTINCT f_table_name::text FROM geometry_columns WHERE f_table_schema = $1 ORDER BY 1", [.text(location.schema)]),
            logger: PostGISLog.silent).collect()
        return try rows.map { try $0.decode(String.self) }
    }

    /// A table's description.
    struct Table: Sendable {
        var oid: Int64
        var columns: [(name: String, type: FieldType, sqlType: String)]
        var idColumn: String?
        var geometryColumn: String?
        var srid: Int
        var geometryType: String
    }

    /// Reads a table's description.
    /// - Throws: `ReadError` when there is no such table.
    static func table(_ name: String, on connection: PostgresConnection, location: PostGISLocation) async throws -> Table {
        let qualified = location.qualified(name)
        let oidRows = try await connection.query(PostGISSQL.query("SELECT to_regclass($1)::oid::int8", [.text(qualified)]), logger: PostGISLog.silent).collect()
        guard let oid = try oidRows.first?.decode(Int64?.self) else {
            throw ReadError(format: "PostGIS", location: SourceLocation(file: location.naming(table: name).description),
                            message: "no table \"\(name)\" in schema \"\(location.schema)\"", code: .cannotOpen)
        }
        let columnRows = try await connection.query(PostGISSQL.query("""
            SELECT a.attname::text, t.typname::text, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::int8::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.integer(oid)]), logger: PostGISLog.silent).collect()
        let keyRows = try await connection.query(PostGISSQL.query("""
            SELECT a.attname::text, t.typname::text FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE i.indrelid = $1::int8::oid AND i.indisprimary
            """, [.integer(oid)]), logger: PostGISLog.silent).collect()
        let keys = try keyRows.map { try $0.decode((String, String).self) }
        var table = Table(oid: oid, columns: [], idColumn: nil, geometryColumn: nil, srid: 0, geometryType: "GEOMETRY")
        if keys.count == 1, ["int2", "int4", "int8"].contains(keys[0].1) { table.idColumn = keys[0].0 }
        for row in columnRows {
            let (column, typeName, formatted) = try row.decode((String, String, String).self)
            if typeName == "geometry" {
                if table.geometryColumn == nil { table.geometryColumn = column }
                continue
            }
            if column == table.idColumn { continue }
            table.columns.append((column, fieldType(typeName), typeName))
        }
        _ = columnRows
        if let geometry = table.geometryColumn {
            let rows = try await connection.query(PostGISSQL.query(
                "SELECT srid, type::text FROM geometry_columns WHERE f_table_schema = $1 AND f_table_name = $2 AND f_geometry_column = $3",
                [.text(location.schema), .text(name), .text(geometry)]), logger: PostGISLog.silent).collect()
            if let row = rows.first {
                let (srid, type) = try row.decode((Int32, String).self)
                table.srid = Int(srid)
                table.geometryType = type
            }
        }
        return table
    }

    /// Describes the rows of a query: its columns and their types (from one row of nulls
    /// that a lateral join of the query with `LIMIT 0` gives), the SRID of its first
    /// geometry. A query has no key: its rows are numbered.
    static func query(_ sql: String, on connection: PostgresConnection) async throws -> Table {
        let probe = try await connection.query(PostGISSQL.query(
            "SELECT geokit_query.* FROM (SELECT 1) AS geokit_one LEFT JOIN LATERAL (SELECT * FROM (\(sql)) AS geokit_rows LIMIT 0) AS geokit_query ON true"),
            logger: PostGISLog.silent).collect()
        guard let row = probe.first else { throw CancellationError() }
        let cells = Array(row)
        let oids = cells.map { Int64($0.dataType.rawValue) }
        var names: [Int64: String] = [:]
        let typeRows = try await connection.query(PostGISSQL.query("SELECT oid::int8, typname::text FROM pg_type WHERE oid::int8 IN (\(Set(oids).map(String.init).joined(separator: ", ")))"),
                                                  logger: PostGISLog.silent).collect()
        for typeRow in typeRows {
            let (oid, name) = try typeRow.decode((Int64, String).self)
            names[oid] = name
        }
        var table = Table(oid: 0, columns: [], idColumn: nil, geometryColumn: nil, srid: 0, geometryType: "GEOMETRY")
        for (cell, oid) in zip(cells, oids) {
            let typeName = names[oid] ?? "text"
            if typeName == "geometry" {
                if table.geometryColumn == nil { table.geometryColumn = cell.columnName }
                continue
            }
            table.columns.append((cell.columnName, fieldType(typeName), typeName))
        }
        if let geometry = table.geometryColumn {
            let rows = try await connection.query(PostGISSQL.query(
                "SELECT ST_SRID(\(PostGISSQL.quoted(geometry))) FROM (\(sql)) AS geokit_rows WHERE \(PostGISSQL.quoted(geometry)) IS NOT NULL LIMIT 1"),
                logger: PostGISLog.silent).collect()
            table.srid = Int(try rows.first?.decode(Int32.self) ?? 0)
        }
        return table
    }

    /// The field type GeoKit reads a PostgreSQL type as.
    static func fieldType(_ typeName: String) -> FieldType {
        switch typeName {
        case "bool": .boolean
        case "int2", "int4", "int8", "oid": .integer
        case "float4", "float8", "numeric": .real
        case "json", "jsonb": .json
        case "date": .date
        case "timestamp", "timestamptz": .dateTime
        default: .string
        }
    }
}
