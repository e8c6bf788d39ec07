import GeoCore

/// A column of a table GeoKit creates: the field it holds and its PostgreSQL type.
struct PostGISColumn: Sendable, Hashable {
    var name: String
    var type: FieldType

    /// The PostgreSQL type that holds the field's values without changing them: JSON
    /// keeps its text (`json`, not `jsonb`, which reorders keys), date-times are instants.
    static func sqlType(of type: FieldType) -> String {
        switch type {
        case .null, .string: "text"
        case .boolean: "boolean"
        case .integer: "bigint"
        case .real: "double precision"
        case .json: "json"
        case .date: "date"
        case .dateTime: "timestamp with time zone"
        }
    }

    var sqlType: String { Self.sqlType(of: type) }

    /// The SQL that changes the column from `old` to this type, keeping every value
    /// (numbers to text as their decimal text, anything to JSON as its JSON).
    func alteration(from old: FieldType, table: String) -> String {
        let column = PostGISSQL.quoted(name)
        let using = switch type {
        case .json: "to_json(\(column))"
        default: "\(column)::\(sqlType)"
        }
        return "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(sqlType) USING \(using)"
    }
}

/// The geometry column's declared type: one geometry type and dimension when the layer
/// has only one (`geometry(Point, 25832)`), else any (`geometry(Geometry, 25832)`).
struct PostGISGeometryType: Sendable, Hashable {
    var types: Set<GeometryType>
    var hasZ: Bool?

    /// The PostGIS type modifier: `Point`, `PointZ`, `Geometry`…
    var modifier: String {
        guard types.count == 1, let only = types.first, let hasZ else { return hasZ == true && types.count > 1 ? "GeometryZ" : "Geometry" }
        return only.rawValue + (hasZ ? "Z" : "")
    }

    /// Adds what a batch holds; true when the declared type must change.
    mutating func add(_ type: GeometryType, z: Bool) -> Bool {
        let before = modifier
        types.insert(type)
        if hasZ == nil { hasZ = z } else if hasZ != z { hasZ = nil }
        return modifier != before
    }
}
