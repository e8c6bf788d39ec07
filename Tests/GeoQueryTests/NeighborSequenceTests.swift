import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct NeighborSequenceTests {
    /// The sequence walks the whole layer in the brute-force order, for points and polygons.
    @Test func theWholeSequenceIsTheBruteForceOrder() throws {
        for (file, seed) in [("aed/koeln_aed_register.geojson", UInt64(11)), ("admin/wesel_gemeinden_vg5000.geojson", 12)] {
            let index = try GeoIndex(try GeoJSON.readLayer(atPath: Paths.fixture(file)))
            let box = try #require(index.geographicBounds)
            var random = RandomStream(seed: seed)
            for _ in 0..<15 {
                let q = Position(x: box.minX + random.next() * box.width, y: box.minY + random.next() * box.height)
                let all = Array(try index.neighbors(of: q))
                let expected = NearestTests.bruteForce(index, q, count: .max)
                #expect(all.map(\.featureIndex) == expected.map(\.0), "\(file) at \(q)")
                #expect(zip(all, expected).allSatisfy { abs($0.distance - $1.1) < 1e-9 })
                // Its first k are what the bounded search answers, azimuths included.
                let nearest = try index.nearest(to: q, count: 5)
                #expect(all.prefix(5).map(\.featureIndex) == nearest.map(\.featureIndex))
                #expect(zip(all, nearest).allSatisfy { abs($0.azimuth - $1.azimuth) < 1e-9 && $0.nearestPoint == $1.nearestPoint })
            }
        }
    }

    /// Reading the first neighbour measures a few features, not the layer: the filter is
    /// asked only about the features whose tree leaves the walk opened.
    @Test func theSequenceIsLazy() throws {
        var random = RandomStream(seed: 13)
        let features = (0..<20_000).map { _ in Feature(geometry: .point(Position(x: 6 + random.next() * 3, y: 50 + random.next() * 2))) }
        let index = try GeoIndex(Layer(name: "p", crs: .crs84, inferringFieldsFrom: features))
        let asked = Counter()
        var sequence = try index.neighbors(of: Position(x: 7.5, y: 51), where: { _ in asked.increment(); return true })
        let next = sequence.next()
        let first = try #require(next)
        #expect(first.featureIndex == (try index.nearest(to: Position(x: 7.5, y: 51)))[0].featureIndex)
        #expect(asked.value > 0 && asked.value < 200, "asked about \(asked.value) of 20,000 features")
    }

    @Test func limitsFiltersAndEdgeCases() throws {
        let layer = Layer(name: "t", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 7, y: 51)), properties: ["access": "private"]),
            Feature(geometry: nil),
            Feature(geometry: .point(Position(x: 7.01, y: 51))),
            Feature(geometry: .point(Position(x: 7, y: 51))),
            Feature(geometry: .point(Position(x: 7.1, y: 51))),
        ])
        let index = try GeoIndex(layer)
        let here = Position(x: 7, y: 51)
        // Ties in layer order, the feature without geometry never.
        #expect(Array(try index.neighbors(of: here)).map(\.featureIndex) == [0, 3, 2, 4])
        // 7.01°E is ~701 m away at 51°N: a limit of 1 km keeps it, 500 m does not.
        #expect(Array(try index.neighbors(of: here, within: 1_000)).map(\.featureIndex) == [0, 3, 2])
        #expect(Array(try index.neighbors(of: here, within: 500)).map(\.featureIndex) == [0, 3])
        #expect(Array(try index.neighbors(of: here, within: 0)).map(\.featureIndex) == [0, 3])
        #expect(Array(try index.neighbors(of: here, where: { $0[property: "access"] != "private" })).map(\.featureIndex) == [3, 2, 4])
        // One feature, none, and bad arguments.
        let single = try GeoIndex(Layer(name: "s", crs: .crs84, inferringFieldsFrom: [Feature(geometry: .point(here))]))
        #expect(Array(try single.neighbors(of: here)).count == 1)
        #expect(Array(try single.neighbors(of: here, where: { _ in false })).isEmpty)
        #expect(Array(try GeoIndex(Layer(name: "e", crs: .crs84, features: [], fields: [])).neighbors(of: here)).isEmpty)
        #expect(throws: QueryError.self) { _ = try index.neighbors(of: here, within: -1) }
        #expect(throws: QueryError.self) { _ = try index.neighbors(of: Position(x: 7, y: 95)) }
    }

    @Test func nearestAvailableWithNoneOrBadCounts() throws {
        let layer = Layer(name: "aed", crs: .crs84, inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 7.000, y: 51)), properties: [:]),
            Feature(geometry: .point(Position(x: 7.003, y: 51)), properties: ["opening_hours": "24/7", "access": "yes"]),
        ])
        let index = try GeoIndex(layer)
        let monday = Date(timeIntervalSince1970: 1_795_424_400)  // 2026-11-23 09:00 UTC
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let none = try index.nearestAvailable(to: Position(x: 7, y: 51), at: monday, timeZone: berlin, count: 0)
        #expect(none.available.isEmpty && none.unknown.isEmpty)
        #expect(throws: QueryError.self) { _ = try index.nearestAvailable(to: Position(x: 7, y: 51), at: monday, timeZone: berlin, count: -1) }
        // Two asked, one exists: every unknown one within the limit is listed.
        let two = try index.nearestAvailable(to: Position(x: 7, y: 51), at: monday, timeZone: berlin, count: 2, within: 5_000)
        #expect(two.available.map(\.featureIndex) == [1] && two.unknown.map(\.neighbor.featureIndex) == [0])
    }
}

/// A count that a non-escaping filter closure can raise.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func increment() { value += 1 }
}

@Suite struct GeometryIndexTests {
    /// An index over bare geometries answers with their positions in the array, in any CRS.
    @Test func bareGeometriesAreFoundByTheirIndex() throws {
        struct Stop: Sendable { let name: String; let position: Position }
        let stops = [Stop(name: "Dom", position: Position(x: 6.958, y: 50.941)), Stop(name: "Deutz", position: Position(x: 6.975, y: 50.940)),
                     Stop(name: "Ehrenfeld", position: Position(x: 6.917, y: 50.951))]
        let index = try GeoIndex(geometries: stops.map { .point($0.position) } + [nil])
        let near = try index.nearest(to: Position(x: 6.97, y: 50.94), count: 2)
        #expect(near.map { stops[$0.featureIndex].name } == ["Deutz", "Dom"])
        let utm = try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(stops.map(\.position))
        let projected = try GeoIndex(geometries: utm.map { .point($0) }, crs: .epsg(25832))
        #expect(try projected.nearest(to: Position(x: 6.97, y: 50.94), count: 2).map(\.featureIndex) == near.map(\.featureIndex))
        #expect(Array(try index.neighbors(of: Position(x: 6.97, y: 50.94))).count == 3)
    }
}
