import Foundation
import GeoCore
import GeoPROJ
import NIOCore
import PostgresNIO

/// A `FeatureQuery` as SQL on one PostGIS table: the box, the ids, the cursor and the
/// part of the predicate that SQL computes exactly go into the `WHERE` clause with bound
/// values; a predicate SQL cannot compute exactly is also checked on each row read.
struct PostGISQueryPlan: Sendable {
    private let from: String
    private let select: String
    private let idColumn: String?
    private let fields: [Field]
    private let tableOID: Int64
    private let qualifiedName: String
    private var conditions: [String] = []
    private var arguments: [SQLArgument?] = []
    private var residual: FeaturePredicate?
    private var limit: Int?
    private var offset: Int
    private var outputNames: [String]?
    /// Keyset paging: the page goes on after this id (a condition of pages, not of counts).
    private var afterID: Int64?
    private var matchesNothing = false

    /// Cursor tokens: `pg:TABLE-OID:LAST-ID`, so that a page asked of a table that was
    /// replaced since (a new load) is refused instead of mixing two tables.
    private static let cursorPrefix = "pg:"

    init(_ query: FeatureQuery, store: PostGISStore) throws(ReadError) {
        if let problem = query.problem(in: store.schema) { throw store.invalid(problem) }
        let q = PostGISSQL.quoted
        from = store.fromClause
        qualifiedName = store.location.qualified(store.tableName)
        idColumn = store.table.idColumn.map(q)
        tableOID = store.table.oid
        fields = store.schema.fields
        limit = query.limit
        offset = query.offset
        outputNames = query.propertyNames
        var columns = [idColumn ?? "NULL::int8", store.table.geometryColumn.map(q) ?? "NULL::geometry"]
        columns += store.table.columns.map { Self.expression(for: q($0.name), type: $0.type, sqlType: $0.sqlType) }
        select = columns.joined(separator: ", ")

        if let cursor = query.cursor {
            let parts = cursor.token.hasPrefix(Self.cursorPrefix) ? cursor.token.dropFirst(Self.cursorPrefix.count).split(separator: ":") : []
            guard parts.count == 2, let oid = Int64(parts[0]), let after = Int64(parts[1]), let idColumn else {
                throw store.invalid("a cursor that this table did not make (\"\(cursor.token.abbreviated(to: 40))\")")
            }
            guard oid == tableOID else { throw store.invalid("the table changed under this cursor (it was replaced since the page before): start again from the first page") }
            afterID = after
        }
        if let ids = query.ids {
            let integers = ids.compactMap(\.integerValue)
            if integers.isEmpty || idColumn == nil {
                matchesNothing = true
            } else {
                let placeholders = integers.map { value -> String in
                    arguments.append(.integer(value))
                    return "$\(arguments.count)"
                }
                conditions.append("\(idColumn!) IN (\(placeholders.joined(separator: ", ")))")
            }
        }
        do {
            if let box = try query.boundingBox(inLayerCRS: store.schema.crs) {
                guard let geometry = store.table.geometryColumn else {
                    throw store.invalid("the table has no geometry column to compare a box with")
                }
                let first = arguments.count + 1
                arguments += [box.minX, box.minY, box.maxX, box.maxY].map { .real($0) }
                conditions.append("\(q(geometry)) && ST_MakeEnvelope($\(first), $\(first + 1), $\(first + 2), $\(first + 3), \(store.table.srid))")
            }
        } catch let error as ReadError {
            throw error
        } catch {
            throw store.invalid("\(error)")
        }
        if let predicate = query.predicate {
            if let condition = predicate.sqlCondition(fields: fields, dialect: .postgreSQL, firstPlaceholder: arguments.count + 1) {
                conditions.append(condition.text)
                arguments += condition.arguments.map(Optional.some)
                if !condition.isExact { residual = predicate }
            } else {
                residual = predicate
            }
        }
    }

    /// The column as the decoder reads it: integers as int8, reals as float8, dates and
    /// date-times as ISO 8601 text (UTC with `Z`), anything else as text.
    private static func expression(for column: String, type: FieldType, sqlType: String) -> String {
        switch type {
        case .boolean: column
        case .integer: "\(column)::int8"
        case .real: "\(column)::float8"
        case .dateTime:
            sqlType == "timestamptz" ? "replace(to_json(\(column)) #>> '{}', '+00:00', 'Z')" : "to_json(\(column)) #>> '{}'"
        default: "\(column)::text"
        }
    }

    private var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

    // MARK: Running

    /// How many features match (paging ignored).
    func count(on connection: PostgresConnection) async throws -> Int {
        if matchesNothing { return 0 }
        guard residual != nil else {
            let rows = try await connection.query(PostGISSQL.query("SELECT count(*) FROM \(from)\(whereClause)", arguments), logger: PostGISLog.silent).collect()
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
        var plan = self
        plan.limit = nil
        plan.offset = 0
        plan.afterID = nil
        return try await plan.page(on: connection, counting: true).features.count
    }

    /// One page: at most `limit` matching features after the cursor and `offset`.
    func page(on connection: PostgresConnection, counting: Bool = false) async throws -> FeaturePage {
        if matchesNothing || limit == 0 { return FeaturePage(features: [], nextCursor: nil) }
        if afterID != nil {
            let rows = try await connection.query(PostGISSQL.query("SELECT to_regclass($1)::oid::int8", [.text(qualifiedName)]), logger: PostGISLog.silent).collect()
            guard try rows.first?.decode(Int64?.self) == tableOID else {
                throw ReadError(format: "PostGIS", location: SourceLocation(file: qualifiedName),
                                message: "the table changed under this cursor (it was replaced since the page before): start again from the first page", code: .invalidQuery)
            }
        }
        var values = arguments
        var clauses = conditions
        if let afterID, let idColumn {
            values.append(.integer(afterID))
            clauses.append("\(idColumn) > $\(values.count)")
        }
        var sql = "SELECT \(select) FROM \(from)" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
        if let idColumn { sql += " ORDER BY \(idColumn)" }
        if residual == nil {
            if let limit {
                values.append(.integer(Int64(limit) + 1))
                sql += " LIMIT $\(values.count)"
            }
            if offset > 0 {
                values.append(.integer(Int64(offset)))
                sql += " OFFSET $\(values.count)"
            }
        }
        let rows = try await connection.query(PostGISSQL.query(sql, values), logger: PostGISLog.silent)
        var features: [Feature] = []
        var warnings = WarningLog()
        var skipped = 0
        var more = false
        var position = 0
        for try await row in rows {
            position += 1
            let feature = try decode(row, position: position, warnings: &warnings)
            if let residual, !residual.matches(feature) { continue }
            if residual != nil && skipped < offset { skipped += 1; continue }
            if let limit, features.count == limit { more = true; break }
            features.append(counting ? Feature(geometry: nil, properties: [:]) : feature)
        }
        if let names = outputNames { features = features.map { $0.keepingProperties(names) } }
        var next: FeatureCursor?
        if more, idColumn != nil, case .integer(let last)? = features.last?.id {
            next = FeatureCursor("\(Self.cursorPrefix)\(tableOID):\(last)")
        }
        return FeaturePage(features: features, nextCursor: next, warnings: warnings.warnings)
    }

    /// A row as a feature: the id, the geometry (EWKB, PostGIS's binary form), then the fields.
    private func decode(_ row: PostgresRow, position: Int, warnings: inout WarningLog) throws -> Feature {
        var cells = row.makeIterator()
        let idCell = cells.next()
        let id: FeatureID? = try idCell.flatMap { cell in try cell.decode(Int64?.self).map(FeatureID.integer) } ?? (idColumn == nil ? .integer(Int64(position + offset)) : nil)
        var geometry: Geometry?
        if let bytes = cells.next()?.bytes, bytes.readableBytes > 0 {
            let data = bytes.readableBytesView
            do {
                let decoded = try WKB.decodeLeniently(data)
                if let problem = decoded.structuralProblem {
                    warnings.add("feature \(id.map { "\($0)" } ?? "?"): \(problem); its geometry is left out", at: SourceLocation(file: qualifiedName))
                } else {
                    geometry = decoded.geometry
                }
            } catch {
                warnings.add("feature \(id.map { "\($0)" } ?? "?"): \(error.message); its geometry is left out", at: SourceLocation(file: qualifiedName))
            }
        }
        var properties = JSONObject()
        for field in fields {
            guard let cell = cells.next() else { break }
            properties[field.name] = try Self.value(of: cell, type: field.type)
        }
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    private static func value(of cell: PostgresCell, type: FieldType) throws -> JSONValue {
        guard cell.bytes != nil else { return .null }
        switch type {
        case .boolean: return .bool(try cell.decode(Bool.self))
        case .integer: return .integer(try cell.decode(Int64.self))
        case .real: return .double(try cell.decode(Double.self))
        default: return .string(try cell.decode(String.self))
        }
    }
}
