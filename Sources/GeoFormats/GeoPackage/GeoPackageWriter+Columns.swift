import Foundation
import GeoCore
import GRDB

/// A layer whose properties need more columns than SQLite allows in a table.
struct TooManyColumns: Error, CustomStringConvertible {
    var count: Int
    var description: String {
        "\(count) fields: more than a GeoPackage table can hold (SQLite's limit is \(GeoPackageWriter.maximumColumns) columns with the id and geometry); write a CSV instead"
    }
}

/// Growing and retyping columns while a layer is written (`beginLayer(growingFields:)`).
extension GeoPackageWriter {
    /// SQLite's default limit on the columns of a table (SQLITE_MAX_COLUMN).
    static let maximumColumns = 2000

    /// Adds a column for each property the layer has no column for yet.
    static func addColumns(for properties: JSONObject, to state: inout LayerState, db: Database) throws {
        let q = GeoPackageSchema.quoted
        let added = properties.keys.reduce(0) { $0 + (state.positions.position(of: $1) == nil ? 1 : 0) }
        guard state.columns.count + added + 2 <= maximumColumns else { throw TooManyColumns(count: state.columns.count + added) }
        var taken = Set(state.columns.map { $0.lowercased() } + [state.idColumn.lowercased(), state.geometryColumn.lowercased()])
        for (key, value) in properties where state.positions.position(of: key) == nil {
            var column = key
            var n = 1
            while taken.contains(column.lowercased()) {
                column = "\(key)_\(n)"
                n += 1
            }
            let type = FieldType(of: value)
            try db.execute(sql: "ALTER TABLE \(q(state.table)) ADD COLUMN \(q(column)) \(GeoPackageSchema.columnType(for: type))")
            state.fields.append(Field(name: key, type: type))
            state.columns.append(column)
            taken.insert(column.lowercased())
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
            guard let observed = final[state.fields[i].name], observed != .null else { continue }
            // A column widened to text while writing stays text.
            let type = state.textColumns[i] ? state.fields[i].type.widened(with: observed) : observed
            if GeoPackageSchema.columnType(for: type) != GeoPackageSchema.columnType(for: state.fields[i].type) { changed = true }
            state.fields[i].type = type
        }
        guard changed else { return }
        try rebuild(&state, db: db)
    }

    /// Makes a numeric column a text column before a text value is written into it:
    /// SQLite would otherwise turn text that looks like a number (`05111000`, `1.50`)
    /// into that number. The values written before keep their exact text.
    static func widenToText(column: Int, of state: inout LayerState, db: Database) throws {
        state.fields[column].type = state.fields[column].type.widened(with: .string)
        try rebuild(&state, db: db)
    }

    /// Copies the table into one whose columns have the declared types of `state.fields`.
    /// Reals moved into a text column are written as GeoKit writes reals everywhere
    /// (the shortest text that reads back to the same number), not SQLite's 15 digits.
    private static func rebuild(_ state: inout LayerState, db: Database) throws {
        let q = GeoPackageSchema.quoted
        let temporary = state.table + "_geokit_retyped"
        let columns = zip(state.columns, state.fields).map { "\(q($0)) \(GeoPackageSchema.columnType(for: $1.type))" }
        try db.execute(sql: "CREATE TABLE \(q(temporary)) (\(q(state.idColumn)) INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL"
            + (state.hasGeometry ? ", \(q(state.geometryColumn)) GEOMETRY" : "") + columns.map { ", " + $0 }.joined() + ")")
        let values = zip(state.columns, state.fields).map { column, field in
            GeoPackageSchema.columnType(for: field.type) == "TEXT" ? "\(exactText.name)(\(q(column)))" : q(column)
        }
        try db.execute(sql: "INSERT INTO \(q(temporary)) SELECT \((([state.idColumn] + (state.hasGeometry ? [state.geometryColumn] : [])).map(q) + values).joined(separator: ", ")) FROM \(q(state.table))")
        try db.execute(sql: "DROP TABLE \(q(state.table))")
        try db.execute(sql: "ALTER TABLE \(q(temporary)) RENAME TO \(q(state.table))")
        state.textColumns = state.fields.map { GeoPackageSchema.columnType(for: $0.type) == "TEXT" }
    }

    /// `geokit_exact_text(x)`: a real as Swift's shortest round-trip text, anything else as is.
    static let exactText = DatabaseFunction("geokit_exact_text", argumentCount: 1, pure: true) { values in
        if case .double(let d) = values[0].storage { return d.description }
        return values[0]
    }
}

extension GeoPackageWriter {
    /// Whether a text value needs a text column: in an integer, real or Boolean column
    /// always; in a date column only when SQLite would read it as a number.
    static func needsTextColumn(_ text: String, for type: FieldType) -> Bool {
        switch type {
        case .date, .dateTime:
            // SQLite's NUMERIC affinity converts text that is a well-formed number.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && trimmed.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }
                && Double(trimmed) != nil
        case .integer, .real, .boolean:
            return true
        case .null, .string, .json:
            return false
        }
    }
}
