import Foundation
import GeoKit
import TestSupport
import Testing

/// The in-memory store answers as the GeoPackage store does: every query equals
/// filtering the layer in Swift.
@Suite struct LayerStoreTests {
    @Test func everyQueryMatchesFilteringInSwift() async throws {
        let store = LayerStore(StoreConformance.layer)
        #expect(store.schema.featureCount == 400 && store.schema.geometryType == .point && store.schema.crs == .epsg(25832))
        #expect(store.schema.extent == BoundingBox(minX: 350_000, minY: 5_650_000, maxX: 369_000, maxY: 5_669_000))
        let disagreements = try await StoreConformance.disagreements(of: store)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test func offsetsIdsSelectionAndBoxesInOtherCRSs() async throws {
        let store = LayerStore(StoreConformance.layer)
        let predicate = try FeaturePredicate(parsing: "count > 10")
        let expected = StoreConformance.expected(FeatureQuery(predicate: predicate))
        let third = try await store.features(matching: FeatureQuery(predicate: predicate, limit: 7, offset: 14))
        #expect(third.features == Array(expected[14..<21]))
        #expect(try await store.feature(id: 17) == StoreConformance.layer.features[16])
        #expect(try await store.feature(id: "17") == StoreConformance.layer.features[16])
        #expect(try await store.feature(id: 401) == nil)
        #expect(try await store.features(matching: FeatureQuery(ids: [5, 3, "x", 999])).features.map(\.id) == [3, 5])
        let selected = try await store.features(matching: FeatureQuery(limit: 2, propertyNames: ["open", "name"]))
        #expect(selected.features.allSatisfy { $0.properties.keys == ["open", "name"] })
        let lonLat = BoundingBox(minX: 6.86, minY: 51.01, maxX: 6.95, maxY: 51.06)
        let inLayer = try Transformer.cached(from: .crs84, to: .epsg(25832)).transformBounds(lonLat)
        let byLonLat = try await store.features(matching: FeatureQuery(boundingBox: lonLat, boundingBoxCRS: .crs84))
        #expect(!byLonLat.features.isEmpty && byLonLat.features == StoreConformance.expected(FeatureQuery(boundingBox: inLayer)))
        var all: [Feature] = []
        for try await batch in store.batches(batchSize: 64) { all += batch }
        #expect(all == StoreConformance.layer.features)
    }

    /// A CSV has no ids: features are numbered by position, as a GeoPackage view without
    /// an id column numbers its rows.
    @Test func featuresWithoutIdsAreNumberedByPosition() async throws {
        let layer = Layer(name: "csv", crs: .crs84, inferringFieldsFrom: (0..<5).map { i in
            Feature(geometry: .point(Position(x: Double(i), y: 50)), properties: ["i": .integer(Int64(i))])
        })
        let store = LayerStore(layer)
        #expect(try await store.feature(id: 3)?.properties["i"] == .integer(2))
        let page = try await store.features(matching: FeatureQuery(limit: 2))
        #expect(page.features.map(\.id) == [1, 2] && page.nextCursor != nil)
        let next = try await store.features(matching: FeatureQuery(limit: 2, cursor: page.nextCursor))
        #expect(next.features.map(\.id) == [3, 4])
    }

    @Test func badQueriesAreInvalidQueryErrors() async throws {
        let store = LayerStore(StoreConformance.layer)
        for query in [FeatureQuery(predicate: try FeaturePredicate(parsing: "nme = 1")), FeatureQuery(offset: -2),
                      FeatureQuery(cursor: FeatureCursor("id:3")), FeatureQuery(boundingBox: BoundingBox(minX: 2, minY: 0, maxX: 1, maxY: 1))] {
            do {
                _ = try await store.features(matching: query)
                Issue.record("\(query) must fail")
            } catch {
                #expect(error.code == .invalidQuery, "\(error)")
            }
        }
    }
}

/// Any file as stores: a GeoPackage's tables through SQLite, other formats in memory.
@Suite struct FeatureStoresTests {
    @Test func everyLayerOfAnyFileIsAStore() async throws {
        let tables = try FeatureStores.open(path: Paths.fixture("geopackage/layers_of_every_kind.gpkg"))
        #expect(tables.count == LayerIO.layerNames(path: Paths.fixture("geopackage/layers_of_every_kind.gpkg")).count && tables.count > 1)
        #expect(tables.allSatisfy { $0 is GeoPackageStore })
        let csv = try FeatureStores.open(path: Paths.fixture("aed/koeln_aed_register.geojson"))
        #expect(csv.count == 1 && csv[0] is LayerStore && csv[0].schema.featureCount == 121)
        let inCentre = try await csv[0].count(matching: FeatureQuery(boundingBox: BoundingBox(minX: 6.93, minY: 50.92, maxX: 6.98, maxY: 50.95)))
        #expect(inCentre == 26)
        let shapefile = try FeatureStores.open(path: Paths.fixture("shapefile/koeln_stadtbezirk.shp"))
        #expect(shapefile.first?.schema.crs != nil && shapefile.first?.schema.featureCount == 9)
        #expect(throws: ReadError.self) { try FeatureStores.open(path: Paths.fixture("bad/truncated.geojson")) }
        // What the reader noticed stays with the store (a ring against RFC 7946's winding, here).
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}"#
            .write(toFile: directory + "/clockwise.geojson", atomically: true, encoding: .utf8)
        let clockwise = try FeatureStores.open(path: directory + "/clockwise.geojson")
        #expect((clockwise.first as? LayerStore)?.warnings.contains { $0.message.contains("right-hand rule") } == true)
    }
}
