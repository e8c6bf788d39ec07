import Foundation
import GeoKit
import TestSupport
import Testing

/// The GeoPackage store answers every query as filtering the whole layer in Swift
/// would: SQL push-down (R-tree, bound predicates, keyset paging) never changes which
/// features come back, only how fast.
@Suite struct GeoPackageStoreTests {
    /// 400 points on a grid in EPSG:25832 with values of every kind: text that looks like
    /// a number, umlauts and LIKE wildcards in text, integers, reals, Booleans, nulls.
    static let layer: Layer = {
        let names = ["Dom", "Rathaus", "Straße 1", "50%_off", "Ähre", "o'neill", "", "zeta"]
        let postcodes: [JSONValue] = ["04109", "4109", "50667", "abc", .null]
        var features: [Feature] = []
        for i in 0..<400 {
            let x = 350_000 + Double(i % 20) * 1_000, y = 5_650_000 + Double(i / 20) * 1_000
            let properties: JSONObject = [
                "name": .string(names[i % names.count]),
                "plz": postcodes[i % postcodes.count],
                "count": i % 7 == 0 ? .null : .integer(Int64(i % 50)),
                "share": i % 11 == 0 ? .null : .double(Double(i % 13) / 4),
                "open": i % 3 == 0 ? .null : .bool(i % 2 == 0),
            ]
            features.append(Feature(id: .integer(Int64(i + 1)), geometry: .point(Position(x: x, y: y)), properties: properties))
        }
        return Layer(name: "points", crs: .epsg(25832), features: features)
    }()

    static func makeStore() throws -> (GeoPackageStore, String) {
        let directory = try temporaryDirectory()
        let path = directory + "/points.gpkg"
        try GeoPackageWriter.write(layer, toPath: path)
        return (try GeoPackageStore(path: path), directory)
    }

    /// What the store must answer: the layer filtered in Swift, in id order.
    static func expected(_ query: FeatureQuery) -> [Feature] {
        layer.features.filter { feature in
            if let box = query.boundingBox, !(feature.geometry?.boundingBox.map { $0.intersects(box) } ?? false) { return false }
            if let predicate = query.predicate, !predicate.matches(feature) { return false }
            if let ids = query.ids, let id = feature.id, !ids.contains(id) { return false }
            return true
        }
    }

    static let predicates = [
        "plz = 04109", "plz != 04109", "plz > 5000", "plz = '4109'", "plz IN (04109, '50667')", "plz NOT IN ('abc')",
        "NOT plz = 04109", "count > 20", "count <= 7 AND share > 1", "share = 0.5 OR open = TRUE", "NOT (count < 10)",
        "name LIKE 'Ra%'", "name LIKE '%\\%\\_%'", "name LIKE '_traße _'", "name NOT LIKE '%e%'", "name > 'Z'", "name = ''",
        "open = FALSE", "open != TRUE", "open IS NULL", "count IS NOT NULL AND NOT open IS NULL", "count IN (1, 2, 3.0)",
        "name >= 'Dom' AND name < 'S'", "count = '7'", "plz LIKE '0%' OR count = 49", "NOT (plz = 04109 OR name = 'Dom')",
    ]

    @Test func everyQueryMatchesFilteringInSwift() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(store.schema.featureCount == 400 && store.schema.geometryType == .point && store.schema.crs == .epsg(25832))
        let small = BoundingBox(minX: 352_500, minY: 5_652_500, maxX: 355_500, maxY: 5_655_500)
        let large = BoundingBox(minX: 340_000, minY: 5_640_000, maxX: 365_000, maxY: 5_662_000)
        for text in Self.predicates {
            let predicate = try FeaturePredicate(parsing: text)
            for box in [nil, small, large] {
                let query = FeatureQuery(boundingBox: box, predicate: predicate)
                let expected = Self.expected(query)
                let page = try await store.features(matching: query)
                #expect(page.features == expected, "\(text) in \(box.map { "\($0)" } ?? "everything")")
                #expect(try await store.count(matching: query) == expected.count, "count of \(text)")
            }
        }
    }

    @Test func pagesFollowEachOtherByCursorAndOffset() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // One query whose predicate is partly computed in Swift (plz > 5000), one fully in SQL.
        for text in ["plz > 5000 OR count > 40", "count > 10"] {
            var query = FeatureQuery(predicate: try FeaturePredicate(parsing: text), limit: 7)
            let expected = Self.expected(query)
            var collected: [Feature] = []
            while true {
                let page = try await store.features(matching: query)
                #expect(page.features.count <= 7)
                collected += page.features
                guard let next = page.nextCursor else { break }
                query.cursor = next
            }
            #expect(collected == expected, "\(text): \(collected.count) of \(expected.count)")
            // Offsets give the same pages.
            let third = try await store.features(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: text), limit: 7, offset: 14))
            #expect(third.features == Array(expected[14..<21]))
        }
        var all: [Feature] = []
        for try await batch in store.batches(batchSize: 64) { all += batch }
        #expect(all == Self.layer.features)
    }

    @Test func idsSelectionAndOtherCRSBoxes() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try await store.feature(id: 17) == Self.layer.features[16])
        #expect(try await store.feature(id: "17") == Self.layer.features[16])
        #expect(try await store.feature(id: 4000) == nil)
        let some = try await store.features(matching: FeatureQuery(ids: [5, 3, "x", 999]))
        #expect(some.features.map(\.id) == [3, 5])
        // Selected properties, in the order asked for.
        let selected = try await store.features(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: "plz > 5000"), limit: 3, propertyNames: ["open", "name"]))
        #expect(selected.features.allSatisfy { $0.properties.keys == ["open", "name"] })
        #expect(selected.features.map(\.id) == Array(Self.expected(FeatureQuery(predicate: try FeaturePredicate(parsing: "plz > 5000"))).prefix(3).map(\.id)))
        // A box in longitude/latitude selects what the same box in the layer's CRS does
        // after PROJ transforms its edges.
        let lonLat = BoundingBox(minX: 6.86, minY: 51.01, maxX: 6.95, maxY: 51.06)
        let inLayer = try Transformer.cached(from: .crs84, to: .epsg(25832)).transformBounds(lonLat)
        let byLonLat = try await store.features(matching: FeatureQuery(boundingBox: lonLat, boundingBoxCRS: .crs84))
        #expect(!byLonLat.features.isEmpty && byLonLat.features == Self.expected(FeatureQuery(boundingBox: inLayer)))
    }

    @Test func badQueriesAreInvalidQueryErrors() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad: [(FeatureQuery, String)] = [
            (FeatureQuery(predicate: try FeaturePredicate(parsing: "nme = 'Dom'")), "no field \"nme\""),
            (FeatureQuery(propertyNames: ["name", "zip"]), "no field \"zip\""),
            (FeatureQuery(limit: -1), "negative limit"),
            (FeatureQuery(cursor: FeatureCursor("page=2")), "a cursor that this layer did not make"),
            (FeatureQuery(boundingBox: BoundingBox(minX: .nan, minY: 0, maxX: 1, maxY: 1)), "not finite"),
        ]
        for (query, wanted) in bad {
            do {
                _ = try await store.features(matching: query)
                Issue.record("\(wanted): no error")
            } catch {
                #expect(error.code == .invalidQuery && error.message.contains(wanted), "\(error)")
            }
        }
    }

    /// Many tasks at once over one store get the answers one task gets.
    @Test func concurrentTasksGetTheSameAnswers() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let predicate = try FeaturePredicate(parsing: "count > 10 AND plz != 04109")
        let expected = Self.expected(FeatureQuery(predicate: predicate))
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<16 {
                group.addTask {
                    let page = try await store.features(matching: FeatureQuery(predicate: predicate))
                    let one = try await store.feature(id: .integer(Int64(task + 1)))
                    return page.features == expected && one == Self.layer.features[task]
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
