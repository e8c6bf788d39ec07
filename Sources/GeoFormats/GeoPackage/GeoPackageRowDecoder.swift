import Foundation
import GeoCore
import GRDB

/// Turns rows of a GeoPackage table (id, geometry, then the attribute columns) into
/// features: the one decoding path of the streaming reader and the store. A geometry
/// that cannot be read costs only that geometry, with a warning naming the table and id.
struct GeoPackageRowDecoder {
    let path: String
    let table: String
    /// The attribute columns the rows hold, in order after the id and geometry.
    let fields: [Field]
    private(set) var log = WarningLog()

    init(path: String, table: String, fields: [Field]) {
        self.path = path
        self.table = table
        self.fields = fields
    }

    /// The columns to select: the id expression (or NULL), the geometry column (or NULL),
    /// then the fields, quoted.
    static func columns(id: String?, geometry: String?, fields: [Field]) -> String {
        let q = GeoPackageSchema.quoted
        return ([id ?? "NULL", geometry.map(q) ?? "NULL"] + fields.map { q($0.name) }).joined(separator: ", ")
    }

    /// The row's integer id, if it has one.
    static func id(of row: Row) -> Int64? {
        // The row's values are read through its collection of (column, value) pairs, not
        // GRDB's generic subscripts: those look up type metadata at run time for every
        // value (a sixth of a server's time for a page of points).
        if case .int64(let i) = row[row.startIndex].1.storage { return i }
        return nil
    }

    /// The feature of a row; `fallbackID` numbers rows without an id (views).
    mutating func feature(from row: Row, fallbackID: Int64) -> Feature {
        var values = row.makeIterator()
        let idValue = values.next()?.1.storage
        let id: Int64
        if case .int64(let i)? = idValue { id = i } else { id = fallbackID }
        var geometry: Geometry?
        if let (_, value) = values.next() { geometry = self.geometry(from: value, id: id) }
        var properties = JSONObject()
        for field in fields {
            properties[field.name] = Self.jsonValue(values.next()?.1.storage ?? .null, type: field.type)
        }
        return Feature(id: .integer(id), geometry: geometry, properties: properties)
    }

    /// The geometry of one row, read as far as it can be: a blob that is not a geometry,
    /// or one that cannot be repaired by closing its rings, leaves the feature without
    /// geometry, with a warning that says why.
    mutating func geometry(from value: DatabaseValue, id: Int64) -> Geometry? {
        // Built only when there is something to say: this runs for every row.
        var location: SourceLocation { SourceLocation(file: path, featureIndex: Int(truncatingIfNeeded: id)) }
        var prefix: String { "table \"\(table)\"" }
        switch value.storage {
        case .null:
            return nil
        case .blob(let data):
            let decoded: WKB.Decoded
            switch data.withUnsafeBytes({ raw in Result { () throws(ReadError) in try GeoPackageGeometry.decode(raw) } }) {
            case .success(let d): decoded = d
            case .failure(let error):
                log.add("\(prefix): a geometry that cannot be read (\(error.message)); the feature is kept without geometry", at: location)
                return nil
            }
            if decoded.linearisedTypes.isEmpty && !decoded.measuresDropped && decoded.structuralProblem == nil { return decoded.geometry }
            for type in decoded.linearisedTypes {
                log.add("\(prefix): \(type) geometries are read as lines and polygons (arcs as segments of at most 4°)", at: location)
            }
            if decoded.measuresDropped { log.add("\(prefix): M (measure) values are not kept", at: location) }
            let (kept, warning) = decoded.geometry.keptByLenientReader()
            if let warning { log.add("\(prefix): \(warning)", at: location) }
            return kept
        default:
            log.add("\(prefix): the geometry column holds a value that is not a blob; the feature is kept without geometry", at: location)
            return nil
        }
    }

    static func jsonValue(_ storage: DatabaseValue.Storage, type: FieldType) -> JSONValue {
        switch storage {
        case .null: .null
        case .int64(let i): type == .boolean ? .bool(i != 0) : .integer(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .blob(let data): .string(data.base64EncodedString())
        }
    }
}
