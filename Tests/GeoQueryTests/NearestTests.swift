import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct NearestTests {
    /// Brute force: the same geodesic measure for every feature, sorted by (distance, index).
    static func bruteForce(_ index: GeoIndex, _ q: Position, count: Int, within limit: Double = .infinity) -> [(Int, Double)] {
        let frame = TangentFrame(at: q)
        var all: [(Int, Double)] = []
        for (i, g) in index.geographic.enumerated() {
            guard let g, let (d, _, _) = index.measure(from: q, to: g, frame: frame), d <= limit else { continue }
            all.append((i, d))
        }
        all.sort { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        return Array(all.prefix(count))
    }

    static func check(_ index: GeoIndex, queries: Int, seed: UInt64, ks: [Int] = [1, 3, 10]) throws {
        let box = try #require(index.geographicBounds)
        var random = RandomStream(seed: seed)
        for _ in 0..<queries {
            let q = Position(x: box.minX + random.next() * box.width, y: box.minY + random.next() * box.height)
            for k in ks {
                let found = try index.nearest(to: q, count: k)
                let expected = bruteForce(index, q, count: k)
                #expect(found.map(\.featureIndex) == expected.map(\.0), "k=\(k) at \(q)")
                #expect(zip(found, expected).allSatisfy { abs($0.distance - $1.1) < 1e-9 })
                // And in metres of Karney's geodesic (PROJ), to a micrometre.
                for neighbor in found {
                    let karney = Geodesic.wgs84.inverse(from: q, to: neighbor.nearestPoint)
                    #expect(abs(neighbor.distance - karney.distance) < 1e-6, "\(neighbor.distance) vs Karney \(karney.distance)")
                    if neighbor.distance > 1 {
                        let azimuth = karney.initialAzimuth < 0 ? karney.initialAzimuth + 360 : karney.initialAzimuth
                        #expect(abs(neighbor.azimuth - azimuth) < 1e-6, "azimuth \(neighbor.azimuth) vs Karney \(azimuth)")
                    }
                }
            }
            let radius = 2_000.0
            let within = try index.features(within: radius, of: q).map(\.featureIndex)
            #expect(within == bruteForce(index, q, count: .max, within: radius).map(\.0))
        }
    }

    @Test func pointLayersMatchBruteForce() throws {
        let swiss = try GeoJSON.readLayer(atPath: Paths.fixture("aed/switzerland_osm_aed_sample.geojson"))
        try Self.check(try GeoIndex(swiss), queries: 50, seed: 1)
        let koeln = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        try Self.check(try GeoIndex(koeln), queries: 50, seed: 2)
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func realAEDAndSchoolLayersMatchBruteForce() throws {
        let shared = Paths.shared!
        let swiss = try GeoJSON.readLayer(atPath: shared + "/data/aed/switzerland_osm_emergency_defibrillator_2020.geojson")
        #expect(swiss.features.count == 1550)
        try Self.check(try GeoIndex(swiss), queries: 100, seed: 3)
        let directory = try temporaryDirectory()
        let schoolsPath = directory + "/schools.geojson"
        #expect(try run("/bin/sh", ["-c", "gzip -dc '\(shared)/data/schools/jedeschule_de_all_schools_2017.geojson.gz' > '\(schoolsPath)'"]).status == 0)
        let schools = try GeoJSON.readLayer(atPath: schoolsPath)
        #expect(schools.features.count == 33_145)
        try Self.check(try GeoIndex(schools), queries: 30, seed: 4, ks: [1, 5])
    }

    @Test func polygonLayersAndProjectedCRS() throws {
        // Gemeinden of Kreis Wesel in EPSG:4326, and the same layer in EPSG:25832.
        let gemeinden = try GeoJSON.readLayer(atPath: Paths.fixture("admin/wesel_gemeinden_vg5000.geojson"))
        let index = try GeoIndex(gemeinden)
        try Self.check(index, queries: 40, seed: 5, ks: [1, 3])
        let projected = try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(gemeinden)
        let projectedIndex = try GeoIndex(projected)
        var random = RandomStream(seed: 6)
        let box = try #require(index.geographicBounds)
        for _ in 0..<20 {
            let q = Position(x: box.minX + random.next() * box.width, y: box.minY + random.next() * box.height)
            let a = try index.nearest(to: q, count: 2), b = try projectedIndex.nearest(to: q, count: 2)
            #expect(a.map(\.featureIndex) == b.map(\.featureIndex))
            #expect(zip(a, b).allSatisfy { abs($0.distance - $1.distance) < 0.01 })
            // The query itself may come in EPSG:25832 too.
            let qUTM = try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(q)
            let c = try index.nearest(to: qUTM, crs: .epsg(25832), count: 2)
            #expect(c.map(\.featureIndex) == a.map(\.featureIndex))
        }
        // A point inside a Gemeinde is 0 m from it, and `features(containing:)` finds it.
        let wesel = try #require(gemeinden.features.firstIndex { $0[property: "GEN"] == "Wesel" })
        let inWesel = Position(x: 6.62, y: 51.66)
        let containing = try index.features(containing: inWesel)
        #expect(containing.map(\.featureIndex) == [wesel], "\(containing.map { $0.feature[property: "GEN"] ?? nil })")
        #expect(try index.features(containing: Position(x: 9, y: 51)).isEmpty)
        #expect(try index.features(containing: Position(x: 6.0, y: 51.6), fallback: 50_000).count == 1)
    }

    @Test func edgeCases() throws {
        func layer(_ positions: [Position]) -> Layer {
            Layer(name: "t", crs: .crs84, inferringFieldsFrom: positions.map { Feature(geometry: .point($0)) })
        }
        // Across the antimeridian: 179.9°E is nearer to 179.95°W than 170°W.
        let dateline = try GeoIndex(layer([Position(x: 179.9, y: 0), Position(x: -170, y: 0), Position(x: -179.99, y: 0.01)]))
        let q = Position(x: -179.95, y: 0)
        #expect(try dateline.nearest(to: q, count: 3).map(\.featureIndex) == [2, 0, 1])
        // Near the pole, longitude barely matters.
        let pole = try GeoIndex(layer([Position(x: 0, y: 89.99), Position(x: 180, y: 89.98), Position(x: 90, y: 80)]))
        let polar = try pole.nearest(to: Position(x: -90, y: 89.995), count: 3)
        #expect(polar.map(\.featureIndex) == [0, 1, 2])
        #expect(abs(polar[0].distance - Geodesic.wgs84.distance(from: Position(x: -90, y: 89.995), to: Position(x: 0, y: 89.99))) < 1e-6)
        // Duplicate positions: ties keep layer order.
        let duplicates = try GeoIndex(layer([Position(x: 7, y: 51), Position(x: 7.1, y: 51), Position(x: 7, y: 51), Position(x: 7, y: 51)]))
        #expect(try duplicates.nearest(to: Position(x: 7, y: 51), count: 3).map(\.featureIndex) == [0, 2, 3])
        // k larger than the layer, empty layers, k = 0, a limit.
        #expect(try duplicates.nearest(to: Position(x: 7, y: 51), count: 10).count == 4)
        #expect(try GeoIndex(layer([])).nearest(to: Position(x: 7, y: 51), count: 3).isEmpty)
        #expect(try duplicates.nearest(to: Position(x: 7, y: 51), count: 0).isEmpty)
        #expect(try duplicates.nearest(to: Position(x: 7, y: 51.001), count: 5, within: 500).count == 3)
        // Filters.
        let named = Layer(name: "n", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["access": "private"]),
            Feature(geometry: .point(Position(x: 7.01, y: 51)), properties: ["access": "yes"]),
        ])
        let open = try GeoIndex(named).nearest(to: Position(x: 7, y: 51), where: { $0[property: "access"] != "private" })
        #expect(open.map(\.featureIndex) == [1])
        #expect(abs(open[0].azimuth - 90) < 0.1, "due east")
    }

    @Test func implausiblePositionsGetHelpfulErrors() throws {
        let index = try GeoIndex(try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson")))
        #expect {
            _ = try index.nearest(to: Position(x: 6.96, y: 95))
        } throws: { "\($0)".contains("out of range") }
        #expect {
            _ = try index.nearest(to: Position(x: 50.94, y: 6.96))
        } throws: { error in
            guard case QueryError.positionLooksSwapped(_, let suggestion) = error else { return false }
            return suggestion == Position(x: 6.96, y: 50.94) && "\(error)".contains("swapped")
        }
        #expect(throws: QueryError.self) { _ = try index.nearest(to: Position(x: 6.96, y: 50.94), count: -1) }
        // Far away but not swapped: answered.
        #expect(try index.nearest(to: Position(x: 13.4, y: 52.5)).count == 1)
    }

    @Test func concurrentQueriesShareOneIndex() async throws {
        let index = try GeoIndex(try GeoJSON.readLayer(atPath: Paths.fixture("aed/switzerland_osm_aed_sample.geojson")))
        let expected = try index.nearest(to: Position(x: 8.5, y: 47.4), count: 5).map(\.featureIndex)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<200 where try index.nearest(to: Position(x: 8.5, y: 47.4), count: 5).map(\.featureIndex) != expected { return false }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    @Test func batchNearestAgreesWithSingleQueries() throws {
        let gemeinden = try GeoJSON.readLayer(atPath: Paths.fixture("admin/wesel_gemeinden_vg5000.geojson"))
        let aeds = try GeoJSON.readLayer(atPath: Paths.fixture("aed/switzerland_osm_aed_sample.geojson"))
        for layer in [gemeinden, aeds] {
            let index = try GeoIndex(layer)
            let box = try #require(index.geographicBounds)
            var random = RandomStream(seed: 9)
            let queries = (0..<300).map { _ in Position(x: box.minX + random.next() * box.width, y: box.minY + random.next() * box.height) }
            let batch = index.nearest(to: queries)
            for (q, hit) in zip(queries, batch) {
                let single = try index.nearest(to: q)[0]
                #expect(hit.featureIndex == single.featureIndex)
                #expect(abs(hit.distance - single.distance) < 1e-9)
            }
            let limited = index.nearest(to: queries, within: 1)
            #expect(limited.allSatisfy { $0.featureIndex == nil || $0.distance <= 1 })
            #expect(limited.contains { $0.featureIndex == nil } && limited.allSatisfy { ($0.featureIndex == nil) == ($0.distance == .infinity) })
        }
    }
}
