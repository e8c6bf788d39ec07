import Foundation
import GeoKit
import TestSupport
import Testing

/// The GeoPackage store answers every query as filtering the whole layer in Swift
/// would: SQL push-down (R-tree, bound predicates, keyset paging) never changes which
/// features come back, only how fast.
@Suite struct GeoPackageStoreTests {
    static let layer = StoreConformance.layer

    static func makeStore() throws -> (GeoPackageStore, String) {
        let directory = try temporaryDirectory()
        let path = directory + "/points.gpkg"
        try GeoPackageWriter.write(layer, toPath: path)
        return (try GeoPackageStore(path: path), directory)
    }

    static func expected(_ query: FeatureQuery) -> [Feature] { StoreConformance.expected(query) }

    @Test func everyQueryMatchesFilteringInSwift() async throws {
        let (store, directory) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(store.schema.featureCount == 400 && store.schema.geometryType == .point && store.schema.crs == .epsg(25832))
        let disagreements = try await StoreConformance.disagreements(of: store)
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
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

    /// The README's store snippet, verbatim between the markers, on Köln's AED register.
    @Test func readmeSnippetRuns() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let aedPackage = directory + "/aed.gpkg"
        try GeoPackageWriter.write(try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson")), toPath: aedPackage)
        // README begin
        let store = try GeoPackageStore(path: aedPackage)
        let box = BoundingBox(minX: 6.93, minY: 50.92, maxX: 6.98, maxY: 50.95)
        let page = try await store.features(matching: FeatureQuery(boundingBox: box, boundingBoxCRS: .crs84, limit: 100))
        let open = try await store.count(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: "opening_hours IS NOT NULL")))
        let more = page.nextCursor.map { FeatureQuery(boundingBox: box, boundingBoxCRS: .crs84, limit: 100, cursor: $0) }
        // README end
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson")).carryingIDsAsField()
        #expect(layer.fields.last?.name == "id")
        let inBox = layer.features.filter { $0.geometry?.boundingBox.map { $0.intersects(box) } ?? false }
        #expect(page.features.count == min(100, inBox.count) && !page.features.isEmpty)
        #expect(open == layer.features.filter { !($0[property: "opening_hours"] ?? .null).isNull }.count)
        // GeoPackageWriter numbers the rows itself and keeps the GeoJSON ids in an `id`
        // field: compare what the features hold.
        #expect(page.features.map(\.geometry) == inBox.map(\.geometry) && page.features.map(\.properties) == inBox.map(\.properties))
        #expect(inBox.count < 100 && more == nil)
        let readme = try String(contentsOfFile: Paths.repository + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: Paths.repository + "/Tests/GeoFormatsTests/GeoPackageStoreTests.swift", encoding: .utf8)
        let snippet = source.components(separatedBy: "// README begin\n")[1].components(separatedBy: "        // README end")[0]
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        #expect(readme.contains(snippet), "the README shows the code this test runs")
    }
}

/// Errors carry a stable code and the error underneath.
@Suite struct ErrorCauseTests {
    @Test func sqliteFailuresKeepTheirCause() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // An SQLite file that is not a GeoPackage at its core: a table the directory names is gone.
        let path = directory + "/gone.gpkg"
        try GeoPackageWriter.write(StoreConformance.layer, toPath: path)
        let store = try GeoPackageStore(path: path)
        let dropped = try run("/usr/bin/env", ["python3", "-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('DROP TABLE points'); db.commit()", path])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        do {
            _ = try GeoPackageStore(path: path)
            Issue.record("a dropped table must not open")
        } catch {
            #expect(error.message.contains("points"), "\(error)")
        }
        // The store opened before the table went: its query fails with SQLite's error underneath.
        var failed: ReadError?
        do { _ = try await store.count(matching: .all) } catch { failed = error }
        let cause = failed?.cause.map { "\($0)" } ?? ""
        #expect(cause.contains("no such table"), "\(String(describing: failed))")
        #expect(failed?.code == .malformed)
        #expect(ReadError(format: "x", location: SourceLocation(), message: "m", cause: failed) == ReadError(format: "x", location: SourceLocation(), message: "m"))
        #expect(QueryError.invalidArgument("k").code == .invalidArgument && QueryError.positionOutOfRange(Position(x: 200, y: 0)).code == .invalidPosition)
    }
}

/// The R-tree's boxes are 32-bit floats rounded outward: the store must still answer with
/// exactly the features whose envelope meets the box, in pages, counts and both box
/// strategies.
@Suite struct GeoPackageStoreEdgeTests {
    @Test func pointsAFloatStepOutsideTheBoxAreNotSelected() async throws {
        // Points just inside and just outside each edge of the box 7…7.5 × 50…50.5, closer
        // than a float's step there (5e-7° in x, 4e-6° in y), and some far away.
        var features: [Feature] = []
        var n: Int64 = 0
        func add(_ x: Double, _ y: Double) {
            n += 1
            features.append(Feature(geometry: .point(Position(x: x, y: y)), properties: ["n": .integer(n)]))
        }
        for d in [-3e-7, -1e-7, 0, 1e-7, 3e-7] {
            add(7 + d, 50.25); add(7.5 + d, 50.25)
            add(7.25, 50 + d * 10); add(7.25, 50.5 + d * 10)
        }
        // A square whose east edge is 1e-7° short of the box: out.
        features.append(Feature(geometry: .polygon([[Position(x: 6.9, y: 50.1), Position(x: 6.9999999, y: 50.1), Position(x: 6.9999999, y: 50.2),
                                                      Position(x: 6.9, y: 50.1)]]), properties: ["n": 99]))
        let box = BoundingBox(minX: 7, minY: 50, maxX: 7.5, maxY: 50.5)
        let expected = features.filter { $0.geometry!.boundingBox!.intersects(box) }.compactMap { $0[property: "n"] }
        #expect(expected.count == 12, "the premise: 3 of 5 on each edge are in")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Near the box only: the box covers most of the extent (the id-order walk); with
        // far points added: the R-tree's candidates first.
        for far in [false, true] {
            var layer = Layer(name: "edge", crs: .epsg(4326), features: features, fields: [Field(name: "n", type: .integer)])
            if far {
                for i in 0..<200 {
                    layer.features.append(Feature(geometry: .point(Position(x: -20 + Double(i) * 0.2, y: 10)), properties: ["n": .integer(Int64(1000 + i))]))
                }
            }
            let path = directory + "/edge-\(far).gpkg"
            try GeoPackageWriter.write(layer, toPath: path)
            let store = try GeoPackageStore(path: path)
            let query = FeatureQuery(boundingBox: box, boundingBoxCRS: .epsg(4326))
            let all = try await store.features(matching: query)
            #expect(all.features.compactMap { $0[property: "n"] } == expected, "far: \(far)")
            #expect(try await store.count(matching: query) == expected.count)
            // Pages of 5 with offsets, then by cursor.
            var paged: [JSONValue] = []
            for offset in stride(from: 0, to: 15, by: 5) {
                paged += try await store.features(matching: FeatureQuery(boundingBox: box, boundingBoxCRS: .epsg(4326), limit: 5, offset: offset))
                    .features.compactMap { $0[property: "n"] }
            }
            #expect(paged == expected)
            let filtered = FeatureQuery(boundingBox: box, boundingBoxCRS: .epsg(4326), predicate: try FeaturePredicate(parsing: "n > 4"))
            #expect(try await store.count(matching: filtered) == expected.filter { ($0.integerValue ?? 0) > 4 }.count)
        }
    }
}
