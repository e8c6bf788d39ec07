/// A property column of a layer: its name and the type inferred from its values.
public struct Field: Sendable, Hashable, Codable {
    /// The property name.
    public var name: String
    /// The type that holds every non-null value of the field.
    public var type: FieldType

    /// Creates a field.
    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
    }
}

/// The type of a field, as a table-oriented format (GeoPackage, CSV, Shapefile) needs it.
public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only nulls were seen (or no value at all).
    case null
    /// `true`/`false`.
    case boolean
    /// 64-bit integers.
    case integer
    /// Real numbers (integers mixed with reals widen to this).
    case real
    /// Text (any mix with strings, and strings of other kinds, widen to this).
    case string
    /// Nested JSON objects or arrays, or a mix of non-string kinds.
    case json
    /// Calendar dates, held as ISO 8601 text (`2024-01-31`). Only declared by formats
    /// that have them (GeoPackage `DATE`, dBase `D`), never guessed from text.
    case date
    /// Dates with a time, held as ISO 8601 text (`2024-01-31T12:00:00Z`); declared by
    /// GeoPackage `DATETIME` columns.
    case dateTime

    /// The narrowest type of a single value.
    public init(of value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .integer: self = .integer
        case .double: self = .real
        case .string: self = .string
        case .array, .object: self = .json
        }
    }

    /// The narrowest type that holds values of both types.
    public func widened(with other: FieldType) -> FieldType {
        if self == other { return self }
        switch (self, other) {
        case (.null, let t), (let t, .null): return t
        case (.integer, .real), (.real, .integer): return .real
        case (.date, .dateTime), (.dateTime, .date): return .dateTime
        // Dates are text: with anything else they are plain text.
        case (.string, _), (_, .string), (.date, _), (_, .date), (.dateTime, _), (_, .dateTime): return .string
        default: return .json
        }
    }
}

/// Infers a field schema and per-field statistics feature by feature, without holding
/// the features: readers and `geokit info` feed it while streaming.
public struct FieldSchemaBuilder: Sendable {
    private var slots = KeyPositions()
    private var types: [FieldType] = []
    private var nulls: [Int] = []
    private var present: [Int] = []
    private var featureCount = 0

    /// Creates an empty builder.
    public init() {}

    /// Takes the properties of one more feature into account.
    public mutating func add(_ properties: JSONObject) {
        featureCount += 1
        let values = properties.values
        let positions = slots.positions(of: properties.keys, addingUnknown: true)
        while types.count < slots.names.count {
            types.append(.null)
            nulls.append(0)
            present.append(0)
        }
        for i in positions.indices {
            let slot = positions[i]
            present[slot] += 1
            let value = values[i]
            if value.isNull { nulls[slot] += 1 }
            types[slot] = types[slot].widened(with: FieldType(of: value))
        }
    }

    /// The fields seen so far, in first-seen order.
    public var fields: [Field] {
        zip(slots.names, types).map { Field(name: $0, type: $1) }
    }

    /// For each field, how many features had it null or did not have it at all.
    public var nullCounts: [String: Int] {
        var result: [String: Int] = [:]
        for (i, name) in slots.names.enumerated() { result[name] = nulls[i] + (featureCount - present[i]) }
        return result
    }

    /// Infers the schema of a list of features.
    public static func infer(from features: [Feature]) -> [Field] {
        var builder = FieldSchemaBuilder()
        for f in features { builder.add(f.properties) }
        return builder.fields
    }
}
