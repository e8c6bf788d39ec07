import Foundation
import GeoCore
import GeoFormats

/// PostGIS as a format driver: `postgresql://` and `postgres://` URLs are inputs (a table,
/// or every geometry table of a schema) and outputs (a table per layer, loaded with COPY)
/// for everything that reads and writes through `FormatRegistry`: `convert`, `info`,
/// the query commands, `serve`. Register it once with ``register()``.
///
/// ```swift
/// PostGISDriver.register()
/// var conversion = Conversion(inputs: ["opendata/"], output: "postgresql://gis@db/opendata")
/// try conversion.run()
/// ```
public struct PostGISDriver: FormatDriver {
    /// Creates the driver.
    public init() {}

    /// Adds the driver to the process's `FormatRegistry`.
    public static func register() { FormatRegistry.shared.register(PostGISDriver()) }

    public var name: String { "postgresql" }
    public var fileExtensions: [String] { [] }
    public var storesTables: Bool { true }
    public var urlSchemes: [String] { ["postgresql", "postgres"] }

    public func recognizes(head: [UInt8], path: String) -> Bool { PostGISLocation.isURL(path) }

    public func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource {
        var location = try PostGISLocation(path)
        if let layer { location.table = layer }
        if location.table == nil && location.sql == nil {
            let tables = layerNames(in: path)
            guard tables.count == 1 else {
                throw ReadError(format: "PostGIS", location: SourceLocation(file: location.description),
                                message: tables.isEmpty ? "no table with a geometry column in schema \"\(location.schema)\"" : "\(tables.count) tables; name one with ?table=NAME (\(tables.prefix(8).joined(separator: ", ")))",
                                code: .cannotOpen)
            }
            location.table = tables[0]
        }
        return try PostGISSource(location: location)
    }

    public func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink {
        let location: PostGISLocation
        do { location = try PostGISLocation(path) } catch { throw WriteError(file: PostGISLocation.redacting(path), message: error.message) }
        return try PostGISTableSink(location: location, layer: layer, overwrite: overwrite)
    }

    public func makeSink(layer: LayerSchema, writingTo output: @escaping ByteStreamWriter) throws(WriteError) -> any FeatureSink {
        throw WriteError(message: "a PostGIS table is written into a database, not a byte stream: give a postgresql:// URL as the output")
    }

    /// The geometry tables of the URL's schema, or its one table.
    public func layerNames(in location: String) -> [String] {
        guard let parsed = try? PostGISLocation(location) else { return [] }
        if let table = parsed.table { return [table] }
        if parsed.sql != nil { return [] }
        return (try? PostGISDatabase.geometryTables(at: parsed)) ?? []
    }

    public func location(_ output: String, forTable table: String) -> String? {
        guard var components = URLComponents(string: output) else { return nil }
        var items = (components.queryItems ?? []).filter { $0.name != "table" }
        items.append(URLQueryItem(name: "table", value: table))
        components.queryItems = items
        return components.string
    }

    public func openStores(at location: String, layer: String?) throws(ReadError) -> [any FeatureStore]? {
        var parsed = try PostGISLocation(location)
        if let layer { parsed.table = layer }
        let tables: [String]
        if parsed.sql != nil { tables = [parsed.table ?? "query"] } else if let table = parsed.table { tables = [table] } else { tables = try PostGISDatabase.geometryTables(at: parsed) }
        var stores: [any FeatureStore] = []
        for table in tables {
            let named = parsed.naming(table: table)
            do {
                stores.append(try Blocking.wait { try await PostGISStore.open(named) })
            } catch {
                throw PostGISFailure.readError(error, location: named)
            }
        }
        return stores
    }
}

/// Questions about a whole database.
public enum PostGISDatabase {
    /// The tables of the location's schema with a geometry column, by name.
    /// - Throws: `ReadError` for a database that cannot be reached or has no PostGIS.
    public static func geometryTables(at location: PostGISLocation) throws(ReadError) -> [String] {
        do {
            return try Blocking.wait {
                let connection = try await location.connect()
                do {
                    try await PostGISCatalog.requirePostGIS(on: connection, location: location)
                    let tables = try await PostGISCatalog.geometryTables(on: connection, location: location)
                    try? await connection.close()
                    return tables
                } catch {
                    try? await connection.close()
                    throw error
                }
            }
        } catch {
            throw PostGISFailure.readError(error, location: location)
        }
    }
}
