import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct JoinTests {
    let gemeinden = try! GeoJSON.readLayer(atPath: Paths.fixture("admin/wesel_gemeinden_vg5000.geojson"))

    /// One point inside each Gemeinde, plus one in Köln (outside Kreis Wesel).
    func probes() throws -> Layer {
        var features: [Feature] = []
        for (i, g) in gemeinden.features.enumerated() {
            features.append(Feature(geometry: try g.geometry!.pointOnSurface(), properties: ["probe": .integer(Int64(i)), "GEN": "left"]))
        }
        features.append(Feature(geometry: .point(Position(x: 6.9583, y: 50.9413)), properties: ["probe": -1, "GEN": "left"]))
        return Layer(name: "probes", crs: .crs84, inferringFieldsFrom: features)
    }

    @Test func pointsWithinPolygonsGetTheirKeys() throws {
        let result = try probes().spatialJoin(gemeinden, predicate: .within)
        #expect(result.unmatchedCount == 1)
        for (i, f) in result.layer.features.enumerated() {
            if i < gemeinden.features.count {
                #expect(f[property: "GEN_right"] == gemeinden.features[i][property: "GEN"])
                #expect(f[property: "AGS"] == gemeinden.features[i][property: "AGS"])
                #expect(f[property: "GEN"] == "left", "the left value is kept; the clashing right one is suffixed")
            } else {
                #expect(f[property: "AGS"] == .null)
            }
        }
        #expect(result.layer.fields.contains { $0.name == "GEN_right" })
        // The same with the polygons in EPSG:25832: reprojected to the left CRS first.
        let projected = try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(gemeinden)
        let again = try probes().spatialJoin(projected, predicate: .within)
        #expect(again.layer.features.map { $0[property: "AGS"] } == result.layer.features.map { $0[property: "AGS"] })
    }

    /// A broken polygon (a vertex that is not a number) matches nothing and does not
    /// disturb the index for the others; joined property names are shared correctly.
    @Test func brokenPolygonsAndClashingNames() throws {
        let square = [[Position(x: 0, y: 0), Position(x: 10, y: 0), Position(x: 10, y: 10), Position(x: 0, y: 10), Position(x: 0, y: 0)]]
        let broken = [[Position(x: 20, y: 0), Position(x: .nan, y: 0), Position(x: 30, y: 10), Position(x: 20, y: 0)]]
        let right = Layer(name: "areas", crs: .epsg(25832), inferringFieldsFrom: [
            Feature(geometry: .polygon(broken), properties: ["name": "broken", "id": 1]),
            Feature(geometry: .polygon(square), properties: ["name": "square", "id": 2]),
        ])
        let left = Layer(name: "points", crs: .epsg(25832), inferringFieldsFrom: [
            Feature(geometry: .point(Position(x: 5, y: 5)), properties: ["name": "inside"]),
            Feature(geometry: .point(Position(x: 10, y: 5)), properties: ["name": "on the edge"]),
            Feature(geometry: .point(Position(x: 25, y: 4)), properties: ["name": "by the broken one"]),
            Feature(geometry: .point(Position(x: .nan, y: 1)), properties: ["name": "broken point"]),
        ])
        let result = try left.spatialJoin(right, predicate: .within)
        #expect(result.unmatchedCount == 2)
        #expect(result.layer.fields.map(\.name) == ["name", "name_right", "id"])
        #expect(result.layer.features.map { $0.properties["name_right"] } == [.string("square"), .string("square"), .null, .null])
        #expect(result.layer.features[0].properties.keys == ["name", "name_right", "id"])
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func schoolsOfKreisWeselAgreeWithBruteForce() throws {
        let shared = Paths.shared!
        let directory = try temporaryDirectory()
        let path = directory + "/schools.geojson"
        #expect(try run("/bin/sh", ["-c", "gzip -dc '\(shared)/data/schools/jedeschule_de_all_schools_2017.geojson.gz' > '\(path)'"]).status == 0)
        let all = try GeoJSON.readLayer(atPath: path)
        let box = try #require(gemeinden.boundingBox)
        var schools = all
        schools.features = all.features.filter { f in
            guard case .point(let p)? = f.geometry else { return false }
            return box.contains(p)
        }
        #expect(schools.features.count > 100)
        let joined = try schools.spatialJoin(gemeinden, predicate: .within, prefix: "gem_")
        var matched = 0
        for (i, f) in schools.features.enumerated() {
            let expected = try gemeinden.features.first { try $0.geometry!.covers(f.geometry!) }
            #expect(joined.layer.features[i][property: "gem_AGS"] == (expected?[property: "AGS"] ?? .null))
            if expected != nil { matched += 1 }
        }
        #expect(joined.unmatchedCount == schools.features.count - matched)
        #expect(matched > 50)
    }

    @Test func nearestJoinAddsTheDistance() throws {
        let schools = try GeoJSON.readLayer(atPath: Paths.fixture("schools/koeln_osm_schools_sample.geojson"))
        let aeds = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let result = try schools.spatialJoin(aeds, predicate: .nearest(maxDistance: nil), prefix: "aed_")
        #expect(result.unmatchedCount == 0)
        let index = try GeoIndex(aeds)
        for (i, f) in result.layer.features.enumerated() {
            guard case .point(let p)? = schools.features[i].geometry else { continue }
            let best = try index.nearest(to: p)[0]
            #expect(f[property: "aed_name"] == best.feature[property: "name"])
            #expect(abs((f[property: "distance_m"]?.doubleValue ?? -1) - best.distance) < 0.001)
        }
        let limited = try schools.spatialJoin(aeds, predicate: .nearest(maxDistance: 100))
        #expect(limited.unmatchedCount > 0)
    }

    @Test func intersectsAndSplitClipLines() throws {
        // A line from Wesel across Hamminkeln: split into per-Gemeinde parts.
        let line = Feature(geometry: .lineString([Position(x: 6.55, y: 51.66), Position(x: 6.75, y: 51.73)]), properties: ["name": "track"])
        let points = try probes().features
        let layer = Layer(name: "mixed", crs: .crs84, inferringFieldsFrom: [line] + points)
        let crossing = try Layer(name: "l", crs: .crs84, inferringFieldsFrom: [line]).spatialJoin(gemeinden, predicate: .intersects)
        #expect(crossing.unmatchedCount == 0)
        let split = try layer.split(by: gemeinden, nameField: "GEN")
        let parts = split.parts
        let koeln = try #require(layer.features.firstIndex { $0[property: "probe"] == -1 })
        #expect(split.outside == [koeln], "Köln lies in no Gemeinde of Kreis Wesel")
        #expect(parts.count == gemeinden.features.count)
        #expect(parts.allSatisfy { part in part.layer.features.contains { $0.geometry?.type == .point } }, "each Gemeinde holds its probe point")
        let pieces = parts.flatMap { $0.layer.features.filter { $0[property: "name"] == "track" } }
        #expect(pieces.count >= 2, "the line crosses at least one boundary")
        let totalLength = try pieces.reduce(0.0) { $0 + (try $1.geometry!.length()) }
        #expect(abs(totalLength - (try line.geometry!.length())) < 1e-9, "the clipped pieces add up to the line")
        #expect(!parts.contains { $0.layer.features.contains { f in f[property: "probe"] == -1 } }, "Köln lies in no part")
    }

    @Test func coverageOfSchoolsByDefibrillators() throws {
        let schools = try GeoJSON.readLayer(atPath: Paths.fixture("schools/koeln_osm_schools_sample.geojson"))
        let aeds = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let coverage = try schools.coverage(by: aeds, within: 500)
        #expect(coverage.covered.count + coverage.uncovered.count == schools.features.count)
        for i in coverage.covered {
            guard case .point(let p)? = schools.features[i].geometry else { continue }
            #expect(try aeds.features.contains { Geodesic.wgs84.distance(from: p, to: { if case .point(let q)? = $0.geometry { return q }; return p }($0)) <= 500 })
        }
        for i in coverage.uncovered {
            guard case .point(let p)? = schools.features[i].geometry else { continue }
            let nearest = aeds.features.compactMap { f -> Double? in
                if case .point(let q)? = f.geometry { return Geodesic.wgs84.distance(from: p, to: q) } else { return nil }
            }.min()!
            #expect(nearest > 500)
        }
        #expect(coverage.share > 0 && coverage.share < 1)
    }
}
