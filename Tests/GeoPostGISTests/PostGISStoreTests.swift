import Foundation
import GeoKit
@testable import GeoPostGIS
import Testing
import TestSupport

/// A PostGIS table answers every query as filtering the layer in Swift would, whatever
/// part SQL computes; pages follow by keyset cursors; user text is only ever bound.
@Suite(.serialized) struct PostGISStoreTests {
    /// Loads the conformance layer into a new table and opens it as a store.
    static func loadConformanceLayer() throws -> (PostGISStore, Layer, String) {
        let table = PostGISTesting.uniqueTable("points")
        let location = try PostGISLocation(PostGISTesting.url(table: table))
        let layer = StoreConformance.layer
        let sink = try PostGISTableSink(location: location, layer: LayerSchema(of: layer), overwrite: false)
        try sink.write(contentsOf: layer.features)
        try sink.finish()
        let source = try PostGISSource(location: location)
        var features: [Feature] = []
        while let feature = try source.next() { features.append(feature) }
        return (source.store, Layer(name: layer.name, crs: layer.crs, features: features, fields: source.store.schema.fields), table)
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func everyQueryMatchesFilteringInSwift() async throws {
        let (store, held, table) = try Self.loadConformanceLayer()
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"") }
        #expect(store.schema.featureCount == 400 && store.schema.geometryType == .point && store.schema.crs == .epsg(25832))
        #expect(held.features.map(\.id) == StoreConformance.layer.features.map(\.id))
        // What changed in the typed columns: only numbers in a column that also holds text.
        for (read, original) in zip(held.features, StoreConformance.layer.features) {
            #expect(read.geometry == original.geometry)
            for (key, value) in original.properties where key != "plz" { #expect(read.properties[key] == value, "\(key) of \(original.id!)") }
        }
        let disagreements = try await StoreConformance.disagreements(of: store, holding: held)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func byIDAndBoxesInAnotherCRS() async throws {
        let (store, held, table) = try Self.loadConformanceLayer()
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"") }
        #expect(try await store.feature(id: 17) == held.features[16])
        // A count with a cursor and more than ten bound values counts every match.
        var many = FeatureQuery(boundingBox: StoreConformance.boxes[1], predicate: try FeaturePredicate(parsing: "count IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)"), limit: 7)
        many.cursor = try await store.features(matching: many).nextCursor
        #expect(many.cursor != nil)
        #expect(try await store.count(matching: many) == StoreConformance.expected(many, in: held).count)
        #expect(try await store.feature(id: 9999) == nil)
        #expect(try await store.feature(id: "not a number") == nil)
        // A box in CRS84 around the first features, transformed to the table's SRID.
        let around = try Transformer.cached(from: "EPSG:25832", to: "OGC:CRS84").transformBounds(StoreConformance.boxes[0])
        var query = FeatureQuery(boundingBox: around, limit: 1000)
        query.boundingBoxCRS = .crs84
        let inLayerCRS = try query.boundingBox(inLayerCRS: .epsg(25832))!
        let page = try await store.features(matching: query)
        #expect(page.features == StoreConformance.expected(FeatureQuery(boundingBox: inLayerCRS), in: held))
        #expect(!page.features.isEmpty)
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func injectedTextIsOnlyEverAValue() async throws {
        let (store, _, table) = try Self.loadConformanceLayer()
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"") }
        let attack = try FeaturePredicate(parsing: "name = 'x''; DROP TABLE \"\(table)\"; --'")
        #expect(try await store.count(matching: FeatureQuery(predicate: attack)) == 0)
        #expect(try PostGISTesting.psql("SELECT count(*) FROM \"\(table)\"").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "400")
        // A table name that is an attack is a table name: it is not there.
        do {
            _ = try await PostGISStore.open(PostGISLocation(PostGISTesting.url(table: "\(table)\"; DROP TABLE \"\(table)\"; --")))
            Issue.record("a table that does not exist opened")
        } catch {
            #expect(error.code == .cannotOpen && error.message.contains("no table"), "\(error)")
        }
        #expect(try PostGISTesting.psql("SELECT count(*) FROM \"\(table)\"").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "400")
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func aCursorOfAReplacedTableIsRefused() async throws {
        let (store, _, table) = try Self.loadConformanceLayer()
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"") }
        let first = try await store.features(matching: FeatureQuery(limit: 10))
        let cursor = try #require(first.nextCursor)
        // A new load replaces the table (a new one under the same name).
        let sink = try PostGISTableSink(location: try PostGISLocation(PostGISTesting.url(table: table)), layer: LayerSchema(of: StoreConformance.layer), overwrite: true)
        try sink.write(contentsOf: Array(StoreConformance.layer.features.prefix(50)))
        try sink.finish()
        do {
            _ = try await store.features(matching: FeatureQuery(limit: 10, cursor: cursor))
            Issue.record("a page after a replaced table's cursor")
        } catch {
            #expect(error.code == .invalidQuery && error.message.contains("changed under this cursor"), "\(error)")
        }
        #expect(throws: ReadError.self) { _ = try Blocking.wait { try await store.features(matching: FeatureQuery(limit: 3, cursor: FeatureCursor("pg:1:x"))) } }
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func aReadOnlyQueryIsALayer() async throws {
        let (_, held, table) = try Self.loadConformanceLayer()
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"") }
        var location = try PostGISLocation(PostGISTesting.url!)
        location.sql = "SELECT fid, name, count, geom FROM \"\(table)\" WHERE count > 40 ORDER BY fid"
        let store = try await PostGISStore.open(location)
        let expected = held.features.filter { ($0.properties["count"]?.integerValue ?? 0) > 40 }
        #expect(store.schema.featureCount == expected.count && store.schema.crs == .epsg(25832) && store.schema.fields.map(\.name) == ["fid", "name", "count"])
        let page = try await store.features(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: "name = 'Dom'")))
        #expect(page.features.map(\.geometry) == expected.filter { $0.properties["name"] == "Dom" }.map(\.geometry))
        #expect(try await store.feature(id: 2)?.properties["fid"] == expected[1].id.map { if case .integer(let i) = $0 { JSONValue.integer(i) } else { JSONValue.null } })
        // The query cannot change the database, even through a function.
        var writing = location
        writing.sql = "SELECT nextval(pg_get_serial_sequence('\"\(table)\"', 'fid')) AS n, geom FROM \"\(table)\""
        await #expect { _ = try await PostGISStore.open(writing) } throws: { "\($0)".contains("read-only transaction") }
    }

    @Test(.enabled(if: PostGISTesting.url != nil, "no PostGIS database: GEOKIT_TEST_POSTGRES_URL is not set (make test starts one with scripts/postgis.sh)"))
    func errorsSayWhatIsWrong() async throws {
        let base = try PostGISLocation(PostGISTesting.url!)
        // Nothing listens on port 1.
        var refused = base
        refused.host = "127.0.0.1"
        refused.port = 1
        refused.password = "hunter2"
        refused.table = "t"
        await #expect { _ = try await PostGISStore.open(refused) } throws: { error in
            let text = "\(error)"
            return text.contains("connection refused") && !text.contains("hunter2")
        }
        // No such table.
        await #expect { _ = try await PostGISStore.open(base.naming(table: "no_such_table")) } throws: { "\($0)".contains("no table \"no_such_table\"") }
        // A database without PostGIS.
        let bare = "geokit_bare_\(ProcessInfo.processInfo.processIdentifier)"
        try PostGISTesting.psql("CREATE DATABASE \(bare)", database: "postgres")
        defer { _ = try? PostGISTesting.psql("DROP DATABASE \(bare)", database: "postgres") }
        var withoutExtension = base
        withoutExtension.database = bare
        await #expect { _ = try await PostGISStore.open(withoutExtension.naming(table: "t")) } throws: { "\($0)".contains("CREATE EXTENSION postgis") }
        // Permission denied: a role that may log in but not read.
        let role = "geokit_nobody_\(ProcessInfo.processInfo.processIdentifier)"
        let (store, _, table) = try Self.loadConformanceLayer()
        _ = store
        defer { _ = try? PostGISTesting.psql("DROP TABLE \"\(table)\"; DROP ROLE IF EXISTS \(role)") }
        try PostGISTesting.psql("CREATE ROLE \(role) LOGIN")
        var stranger = base.naming(table: table)
        stranger.user = role
        await #expect { _ = try await PostGISStore.open(stranger) } throws: { "\($0)".contains("permission denied") }
    }
}
