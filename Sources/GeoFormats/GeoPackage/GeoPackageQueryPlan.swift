import Foundation
import GeoCore
import GeoPROJ
import GRDB

/// A `FeatureQuery` turned into SQL on one GeoPackage table: what SQLite can answer
/// (id ranges and lists, the R-tree box, the exact part of the predicate) goes into the
/// `WHERE` clause with bound values; the rest (a predicate SQL cannot compute exactly, a
/// box on a table without an R-tree) is checked on each row read.
struct GeoPackageQueryPlan: Sendable {
    private let table: String
    private let path: String
    private let tableName: String
    private let idColumn: String?
    private let geometryColumn: String?
    /// Conditions that select the matching features, and their values.
    private var filters: [String] = []
    private var filterArguments: [DatabaseValue] = []
    /// A count over the R-tree alone answers a query that has only a box.
    private var indexCount: (sql: String, arguments: [DatabaseValue])?
    /// The box's filter in its fast form (the R-tree's float boxes alone), for pages that
    /// can check their few rows instead (see `page(_:)`).
    private var fastBox: (filterIndex: Int, arguments: Range<Int>, text: String, values: [DatabaseValue], box: BoundingBox)?
    private var residual: FeaturePredicate?
    private var boxInSwift: BoundingBox?
    private var readFields: [Field]
    private var outputNames: [String]?
    private var limit: Int?
    private var offset: Int
    /// Keyset paging: after this id. For a view without ids: from this position.
    private var afterID: Int64?
    private var startPosition = 0
    private var matchesNothing = false

    /// Rows read per statement while filtering in Swift.
    private static let chunk = 4096

    init(_ query: FeatureQuery, store: GeoPackageStore) throws(ReadError) {
        let q = GeoPackageSchema.quoted
        table = q(store.layer.name)
        path = store.path
        tableName = store.layer.name
        idColumn = store.idColumn.map { $0 == "rowid" ? "\(q(store.layer.name)).rowid" : "\(q(store.layer.name)).\($0)" }
        geometryColumn = store.layer.geometryColumn
        limit = query.limit
        offset = query.offset
        outputNames = query.propertyNames
        readFields = store.layer.fields
        func invalid(_ message: String) -> ReadError { store.failure(message, code: .invalidQuery) }

        if let problem = query.problem(in: store.schema) { throw invalid(problem) }
        if let cursor = query.cursor { try startAfter(cursor, invalid: invalid) }
        if let ids = query.ids { try select(ids, invalid: invalid) }
        do {
            if let box = try query.boundingBox(inLayerCRS: store.schema.crs) { select(box, store: store) }
        } catch {
            throw invalid(error.message)
        }
        if let predicate = query.predicate {
            if let condition = predicate.sqlCondition(fields: store.layer.fields, dialect: .sqlite) {
                filters.append(condition.text)
                filterArguments += condition.arguments.map(Self.databaseValue)
                if !condition.isExact { residual = predicate }
            } else {
                residual = predicate
            }
            // Only a box in the R-tree and nothing else is counted there.
            indexCount = nil
        }
        if let names = outputNames {
            let needed = Set(names + (residual?.fieldNames ?? []))
            readFields = store.layer.fields.filter { needed.contains($0.name) }
        }
    }

    // MARK: Building

    private mutating func startAfter(_ cursor: FeatureCursor, invalid: (String) -> ReadError) throws(ReadError) {
        if idColumn != nil, let id = cursor.afterID {
            afterID = id
        } else if idColumn == nil, let position = cursor.position {
            startPosition = position
        } else {
            throw invalid("a cursor that this layer did not make (\"\(cursor.token.abbreviated(to: 40))\")")
        }
    }

    private mutating func select(_ ids: [FeatureID], invalid: (String) -> ReadError) throws(ReadError) {
        let integers = ids.compactMap(\.integerValue)
        guard let idColumn else {
            // A view without an id column numbers its rows: one can be looked up by position.
            guard integers.count == 1, integers[0] >= 1, ids.count == 1 else {
                throw invalid("this view has no id column: features cannot be looked up by several ids")
            }
            startPosition = Int(integers[0] - 1)
            limit = 1
            return
        }
        guard !integers.isEmpty else { matchesNothing = true; return }
        filters.append("\(idColumn) IN (\(Array(repeating: "?", count: integers.count).joined(separator: ", ")))")
        filterArguments += integers.map(\.databaseValue)
    }

    private mutating func select(_ box: BoundingBox, store: GeoPackageStore) {
        guard let index = store.spatialIndex, let idColumn, let storeID = store.idColumn, let geometryColumn else {
            boxInSwift = box
            return
        }
        // Exact in SQL: the R-tree's float boxes, and the geometry's own envelope for the
        // candidates within a float step of the box's edges.
        let exact = GeoPackageExactBox.condition(box, table: table, idColumn: storeID, geometryColumn: GeoPackageSchema.quoted(geometryColumn))
        let candidates = "r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?"
        func filter(_ condition: String) -> String {
            if Self.coveredShare(of: box, in: store.schema.extent) > 0.05 {
                // A large box: walk the table in id order and ask the R-tree about each row,
                // stopping when the page is full.
                return "EXISTS (SELECT 1 FROM \(index) AS r WHERE r.id = \(idColumn) AND \(condition))"
            }
            // A small box: the R-tree finds the few candidates first.
            return "\(idColumn) IN (SELECT r.id FROM \(index) AS r WHERE \(condition))"
        }
        fastBox = (filters.count, filterArguments.count..<(filterArguments.count + exact.values.count), filter(candidates),
                   [box.minX, box.maxX, box.minY, box.maxY].map(\.databaseValue), box)
        filters.append(filter(exact.text))
        filterArguments += exact.values
        if filters.count == 1 { indexCount = ("SELECT count(*) FROM \(index) AS r WHERE \(exact.text)", exact.values) } else { indexCount = nil }
    }

    /// How much of the layer's extent the box covers (0 when the extent is unknown).
    private static func coveredShare(of box: BoundingBox, in extent: BoundingBox?) -> Double {
        guard let extent else { return 0 }
        let area = (extent.maxX - extent.minX) * (extent.maxY - extent.minY)
        guard area > 0 else { return 1 }
        let width = min(box.maxX, extent.maxX) - max(box.minX, extent.minX)
        let height = min(box.maxY, extent.maxY) - max(box.minY, extent.minY)
        return width > 0 && height > 0 ? width * height / area : 0
    }

    private static func databaseValue(_ argument: SQLArgument) -> DatabaseValue {
        switch argument {
        case .integer(let i): i.databaseValue
        case .real(let d): d.databaseValue
        case .text(let s): s.databaseValue
        case .boolean(let b): (b ? 1 : 0).databaseValue
        }
    }

    // MARK: Running

    /// How many features match (paging ignored).
    func count(_ db: Database) throws -> Int {
        if matchesNothing { return 0 }
        if residual == nil && boxInSwift == nil {
            if let indexCount { return try Int.fetchOne(try db.cachedStatement(sql: indexCount.sql), arguments: StatementArguments(indexCount.arguments)) ?? 0 }
            let sql = "SELECT count(*) FROM \(table)" + (filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND "))
            return try Int.fetchOne(try db.cachedStatement(sql: sql), arguments: StatementArguments(filterArguments)) ?? 0
        }
        var plan = self
        plan.afterID = nil
        plan.startPosition = 0
        plan.offset = 0
        plan.limit = nil
        var count = 0
        _ = try plan.scan(db) { _ in count += 1; return true }
        return count
    }

    /// One page: at most `limit` matching features after the cursor and `offset`.
    ///
    /// A box page without offset is first asked of the R-tree's float boxes alone, which
    /// is faster than the exact condition, and its rows (and the one that says a page
    /// follows) are checked against the box: the R-tree's candidates come in id order, so
    /// when none of them is outside the box they are exactly the first matches. Only when
    /// one is (within a float step of an edge) is the page asked again exactly.
    func page(_ db: Database) throws -> FeaturePage {
        if let fastBox, offset == 0, residual == nil, boxInSwift == nil {
            var fast = self
            fast.filters[fastBox.filterIndex] = fastBox.text
            fast.filterArguments.replaceSubrange(fastBox.arguments, with: fastBox.values)
            if let page = try fast.page(db, checking: fastBox.box) { return page }
        }
        return try page(db, checking: nil)!
    }

    /// A page; nil when `box` is given and a row read is outside it.
    private func page(_ db: Database, checking box: BoundingBox?) throws -> FeaturePage? {
        if matchesNothing || limit == 0 { return FeaturePage(features: [], nextCursor: nil) }
        var features: [Feature] = []
        var skipped = 0
        var lastPosition = startPosition
        var more = false
        var outside = false
        let warnings = try scan(db) { found in
            if let box, !(found.feature.geometry?.boundingBox?.intersects(box) ?? false) { outside = true; return false }
            if skipped < offset && (residual != nil || boxInSwift != nil) { skipped += 1; return true }
            if let limit, features.count == limit { more = true; return false }
            features.append(found.feature)
            lastPosition = found.position + 1
            return true
        }
        if outside { return nil }
        var next: FeatureCursor?
        if more {
            if idColumn != nil, case .integer(let id)? = features.last?.id {
                next = .after(id: id)
            } else {
                next = .from(position: lastPosition)
            }
        }
        if let names = outputNames { features = features.map { $0.keepingProperties(names) } }
        return FeaturePage(features: features, nextCursor: next, warnings: warnings)
    }

    /// Reads matching rows in id order and hands each matching feature (with its row
    /// position) to `take` until it returns false; returns what the decoder noticed.
    private func scan(_ db: Database, _ take: ((feature: Feature, position: Int)) -> Bool) throws -> [ReadWarning] {
        var decoder = GeoPackageRowDecoder(path: path, table: tableName, fields: readFields)
        let columns = GeoPackageRowDecoder.columns(id: idColumn, geometry: geometryColumn, fields: readFields)
        let filtersInSwift = residual != nil || boxInSwift != nil
        var after = afterID
        var position = startPosition
        // With every filter in SQL, the offset and the limit (plus one, to know whether a
        // page follows) go there too; otherwise rows are read in chunks.
        let exactLimit = filtersInSwift ? nil : limit.map { $0 + 1 }
        var sqlOffset = filtersInSwift ? 0 : offset
        while true {
            var conditions = filters
            var arguments = filterArguments
            if let after, let idColumn {
                conditions.insert("\(idColumn) > ?", at: 0)
                arguments.insert(after.databaseValue, at: 0)
            }
            var sql = "SELECT \(columns) FROM \(table)"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            if let idColumn { sql += " ORDER BY \(idColumn)" }
            let rowLimit = exactLimit ?? Self.chunk
            sql += " LIMIT ? OFFSET ?"
            arguments += [rowLimit.databaseValue, (idColumn == nil ? position + sqlOffset : sqlOffset).databaseValue]
            // The statement is prepared once per connection and shape of query. Rows are
            // decoded as SQLite steps to them, never copied.
            let rows = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            var rowCount = 0
            while let row = try rows.next() {
                rowCount += 1
                if idColumn == nil { position += sqlOffset }
                sqlOffset = 0
                let feature = decoder.feature(from: row, fallbackID: Int64(position + 1))
                defer { position += 1 }
                if let id = GeoPackageRowDecoder.id(of: row) { after = id }
                if let box = boxInSwift, !(feature.geometry?.boundingBox.map { $0.intersects(box) } ?? false) { continue }
                if let residual, !residual.matches(feature.properties) { continue }
                if !take((feature, position)) { return decoder.log.warnings }
            }
            if exactLimit != nil || rowCount < rowLimit { return decoder.log.warnings }
        }
    }
}
