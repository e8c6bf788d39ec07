import GeoCore
import GRDB

/// Growing and retyping columns while a layer is written (`beginLayer(growingFields:)`).
extension GeoPackageWriter {
    /// Adds a column for each property the layer has no column for yet.
    static func addColumns(for properties: JSONObject, to state: inout LayerState, db: Database) throws {
        let q = GeoPackageSchema.quoted
        let reserved = [state.idColumn.lowercased(), state.geometryColumn.lowercased()]
        for (key, value) in properties where state.positions.position(of: key) == nil {
            var column = key
            var n = 1
            while reserved.contains(column.lowercased()) || state.columns.contains(where: { $0.lowercased() == column.lowercased() }) {
                column = "\(key)_\(n)"
                n += 1
            }
            let type = FieldType(of: value)
            try db.execute(sql: "ALTER TABLE \(q(state.table)) ADD COLUMN \(q(column)) \(GeoPackageSchema.columnType(for: type))")
            state.fields.append(Field(name: key, type: type))
            state.columns.append(column)
            state.positions.append(key)
        }
        state.rebuildInsert()
    }

    /// Retypes the columns whose values were wider than declared: the table is copied into
    /// one with the right declared types (SQLite cannot change a column's type in place).
    static func retype(_ state: inout LayerState, db: Database) throws {
        let final = Dictionary(state.observed.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        var changed = false
        for i in state.fields.indices {
            guard let type = final[state.fields[i].name], type != .null else { continue }
            if GeoPackageSchema.columnType(for: type) != GeoPackageSchema.columnType(for: state.fields[i].type) { changed = true }
            state.fields[i].type = type
        }
        guard changed else { return }
        let q = GeoPackageSchema.quoted
        let temporary = state.table + "_geokit_retyped"
        let columns = zip(state.columns, state.fields).map { "\(q($0)) \(GeoPackageSchema.columnType(for: $1.type))" }
        try db.execute(sql: "CREATE TABLE \(q(temporary)) (\(q(state.idColumn)) INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \(q(state.geometryColumn)) GEOMETRY"
            + columns.map { ", " + $0 }.joined() + ")")
        try db.execute(sql: "INSERT INTO \(q(temporary)) SELECT * FROM \(q(state.table))")
        try db.execute(sql: "DROP TABLE \(q(state.table))")
        try db.execute(sql: "ALTER TABLE \(q(temporary)) RENAME TO \(q(state.table))")
    }
}
