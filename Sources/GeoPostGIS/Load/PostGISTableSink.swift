import Foundation
import GeoCore
import GeoFormats
import NIOCore
import PostgresNIO

/// Features written into a PostGIS table: the table is built under a temporary name
/// inside one transaction, loaded with `COPY … FROM STDIN`, indexed (primary key, GiST),
/// analysed, and put in the target's place only when `finish()` succeeds. A load that
/// fails or is killed leaves the database as it was: readers see the old table or the
/// new one, never part of one.
///
/// The table has an `fid` identity primary key (the input's integer ids where it has
/// them, else 1, 2, 3… in input order), a `geom` column typed with the layer's SRID and
/// geometry type (`geometry(Point, 25832)`), and a typed column per field, named exactly
/// as the field. A field that appears later, or a value that needs a wider type, changes
/// the table inside the same transaction.
///
/// Writing blocks the calling thread while the database catches up (at most a few
/// batches are in flight), so call it from a thread of your own, not from a task.
public final class PostGISTableSink: FeatureSink {
    /// The table the features go into.
    public let location: PostGISLocation
    private let layer: LayerSchema
    private let srid: Int32
    private let table: String
    private let loader: PostGISLoader
    private var columns: [PostGISColumn] = []
    private var geometryType: PostGISGeometryType
    private var created = false
    private var nextID: Int64 = 1
    private var keepsInputIDs: Bool
    private var written = 0
    private var finished = false
    private var notes: [String] = []
    private var noteKeys: Set<String> = []

    /// Opens a load into a table.
    /// - Parameters:
    ///   - location: the database; its `table` names the table (else the layer's name).
    ///   - layer: what is known of the layer before its first feature (its CRS gives the SRID).
    ///   - overwrite: replace a table of that name; without it, an existing table is an error.
    /// - Throws: `WriteError` when the database cannot be reached, has no PostGIS, or the
    ///   table exists and `overwrite` is false.
    public init(location: PostGISLocation, layer: LayerSchema, overwrite: Bool) throws(WriteError) {
        let wanted = location.table ?? (layer.name.isEmpty ? "layer" : layer.name)
        let table = PostGISSQL.fitted(wanted)
        if table != wanted { notes.append("the table name \"\(wanted)\" is longer than PostgreSQL's 63 bytes: the table is \"\(table)\"") }
        self.location = location.naming(table: table)
        self.layer = layer
        self.table = table
        geometryType = PostGISGeometryType(types: layer.fieldsMayGrow ? [] : layer.geometryTypes ?? [], hasZ: layer.fieldsMayGrow ? nil : layer.hasZ)
        keepsInputIDs = layer.idField != nil
        switch layer.crs {
        case .epsg(let code)?: srid = Int32(code)
        case .crs84?: srid = 4326
        case .other(let text)?:
            srid = 0
            notes.append("\(table): the CRS \(text.abbreviated(to: 60)) has no EPSG code, which PostGIS needs: the geometries are stored with SRID 0 (unknown)")
        case nil:
            srid = 0
            if layer.hasGeometry { notes.append("\(table): the input does not say its CRS: the geometries are stored with SRID 0 (unknown)") }
        }
        loader = PostGISLoader(location: self.location, overwrite: overwrite)
        try loader.start()
    }

    public var warnings: [String] { notes }

    public func write(_ feature: Feature) throws(WriteError) {
        try write(contentsOf: [feature])
    }

    public func write(contentsOf batch: [Feature]) throws(WriteError) {
        guard !batch.isEmpty else { return }
        if !created { try create(firstBatch: batch) } else { try widen(for: batch) }
        var encoder = CopyRowEncoder(capacity: batch.count * 96)
        for (offset, feature) in batch.enumerated() {
            let index = written + offset
            let id: Int64
            if keepsInputIDs {
                guard let given = feature.id?.integerValue else {
                    throw WriteError(file: location.description, featureIndex: index, message: "feature \(index) has no integer id, which the layer's id column \"\(layer.idField ?? "fid")\" needs")
                }
                id = given
            } else {
                id = nextID
                nextID += 1
            }
            if let geometry = feature.geometry, geometryType.add(geometry.type, z: geometry.hasZ) {
                // Mixed types or dimensions: the column takes any geometry (a change of the
                // declared type only, made before these rows go in).
                try loader.send(.alter(["ALTER TABLE \(loader.stagingName) ALTER COLUMN \(PostGISSQL.quoted(geometryColumn)) TYPE geometry(\(geometryType.modifier), \(srid))"]))
            }
            do {
                try encoder.append(id: id, geometry: feature.geometry, srid: srid, values: columns.map { feature.properties[$0.name] },
                                   columns: columns, featureIndex: index)
            } catch {
                var located = error
                located.file = location.description
                throw located
            }
            noteOffsets(in: feature)
        }
        written += batch.count
        try loader.send(.rows(encoder.bytes, count: batch.count))
    }

    public func finish() throws(WriteError) {
        guard !finished else { return }
        finished = true
        if !created { try create(firstBatch: []) }
        let id = PostGISSQL.quoted(idColumn)
        var closing = [
            "ALTER TABLE \(loader.stagingName) ADD PRIMARY KEY (\(id))",
            "SELECT setval(pg_get_serial_sequence('\(loader.stagingName)', '\(idColumn.replacingOccurrences(of: "'", with: "''"))'), greatest((SELECT max(\(id)) FROM \(loader.stagingName)), 1))",
        ]
        if layer.hasGeometry {
            let index = PostGISSQL.quoted(loader.bareStagingName + "_geom_idx")
            closing.append("CREATE INDEX \(index) ON \(loader.stagingName) USING GIST (\(PostGISSQL.quoted(geometryColumn)))")
            if location.clustersBySpace { closing.append("CLUSTER \(loader.stagingName) USING \(index)") }
        }
        closing.append("ANALYZE \(loader.stagingName)")
        try loader.finish(closing: closing)
    }

    /// How many features were written.
    public var featureCount: Int { written }

    deinit { loader.abandon() }

    // MARK: The table

    /// The geometry column's name: `geom`, unless a field is called that.
    private lazy var geometryColumn: String = {
        let names = Set(layer.fields.map { $0.name.lowercased() })
        return ["geom", "geometry", "the_geom", "geokit_geom"].first { !names.contains($0) } ?? "geokit_geom"
    }()

    /// The id column's name: the input's own id column, else `fid`, unless a field is
    /// called that (a GeoJSON property `fid`).
    private lazy var idColumn: String = {
        if let given = layer.idField { return given }
        let names = Set(layer.fields.map { $0.name.lowercased() })
        return ["fid", "ogc_fid", "gid", "geokit_fid"].first { !names.contains($0) } ?? "geokit_fid"
    }()

    private func create(firstBatch batch: [Feature]) throws(WriteError) {
        created = true
        var builder = FieldSchemaBuilder()
        if layer.fieldsMayGrow { for feature in batch { builder.add(feature.properties) } }
        var fields = layer.fields
        for field in builder.fields {
            if let index = fields.firstIndex(where: { $0.name == field.name }) {
                fields[index].type = fields[index].type.widened(with: field.type)
            } else {
                fields.append(field)
            }
        }
        columns = fields.map { PostGISColumn(name: $0.name, type: $0.type) }
        try checkNames(of: columns)
        for feature in batch { if let g = feature.geometry { _ = geometryType.add(g.type, z: g.hasZ) } }
        var definitions = ["\(PostGISSQL.quoted(idColumn)) bigint GENERATED BY DEFAULT AS IDENTITY"]
        if layer.hasGeometry || geometryType.types.count > 0 {
            definitions.append("\(PostGISSQL.quoted(geometryColumn)) geometry(\(geometryType.modifier), \(srid))")
        } else {
            definitions.append("\(PostGISSQL.quoted(geometryColumn)) geometry")
        }
        definitions += columns.map { "\(PostGISSQL.quoted($0.name)) \($0.sqlType)" }
        try loader.send(.alter(["CREATE TABLE \(loader.stagingName) (\(definitions.joined(separator: ", ")))"]))
    }

    /// New fields become new columns; values that need a wider type widen their column.
    private func widen(for batch: [Feature]) throws(WriteError) {
        var statements: [String] = []
        var known = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.name, $0) })
        for feature in batch {
            for (name, value) in feature.properties where !value.isNull {
                let type = FieldType(of: value)
                if let index = known[name] {
                    let old = columns[index].type
                    let wider = old.widened(with: type)
                    // Dates are kept as dates while their values are text.
                    if wider != old && !((old == .date || old == .dateTime) && type == .string) {
                        columns[index].type = wider
                        statements.append(columns[index].alteration(from: old, table: loader.stagingName))
                    }
                } else {
                    guard name.lowercased() != idColumn && name.lowercased() != geometryColumn else {
                        throw WriteError(file: location.description, message: "the field \"\(name)\" has the name of a column GeoKit adds; rename it")
                    }
                    known[name] = columns.count
                    columns.append(PostGISColumn(name: name, type: type))
                    try checkNames(of: columns)
                    statements.append("ALTER TABLE \(loader.stagingName) ADD COLUMN \(PostGISSQL.quoted(name)) \(PostGISColumn.sqlType(of: type))")
                }
            }
        }
        if !statements.isEmpty { try loader.send(.alter(statements)) }
    }

    /// Names longer than PostgreSQL keeps are refused when two would become one, and named
    /// in a warning otherwise (the column is then called by its first 63 bytes).
    private func checkNames(of columns: [PostGISColumn]) throws(WriteError) {
        var seen: [String: String] = [:]
        for column in columns {
            let fitted = PostGISSQL.fitted(column.name)
            if let other = seen[fitted] {
                throw WriteError(file: location.description, message: "the fields \"\(other)\" and \"\(column.name)\" are the same column in PostgreSQL, which keeps the first 63 bytes of a name")
            }
            seen[fitted] = column.name
            if fitted != column.name && !noteKeys.contains("name:" + column.name) {
                noteKeys.insert("name:" + column.name)
                notes.append("\(table): the field name \"\(column.name)\" is longer than PostgreSQL's 63 bytes: its column is \"\(fitted)\"")
            }
        }
    }

    /// Date-times are stored as instants: an offset other than UTC is not kept as written.
    private func noteOffsets(in feature: Feature) {
        for column in columns where column.type == .dateTime && !noteKeys.contains(column.name) {
            if case .string(let text)? = feature.properties[column.name], !text.hasSuffix("Z"), text.count > 10 {
                noteKeys.insert(column.name)
                notes.append("\(table): field \"\(column.name)\" is a timestamp with time zone: date-times such as \(text) are stored as instants and read back in UTC")
            }
        }
    }
}
