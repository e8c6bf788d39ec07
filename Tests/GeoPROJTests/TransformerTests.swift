import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct TransformerTests {
    struct CrossCheck: Decodable {
        struct Case: Decodable {
            let place: String
            let source: String
            let target: String
            let input: [Double]
            let expected: [Double]
        }
        let generator: String
        let cases: [Case]
    }

    /// EPSG:4326 ⇄ 4258 ⇄ 25832 ⇄ 25833 ⇄ 3035 ⇄ 3857 on a point in every German state,
    /// against pyproj's numbers stored in Fixtures/proj (see scripts/make-proj-reference.py).
    @Test func germanCrossChecksAgainstPyproj() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("proj/german_crosscheck.json")))
        let reference = try JSONDecoder().decode(CrossCheck.self, from: data)
        #expect(reference.cases.count == 480)
        var places = Set<String>()
        for c in reference.cases {
            let transformer = try Transformer.cached(from: c.source, to: c.target)
            let result = try transformer.transform(Position(x: c.input[0], y: c.input[1]))
            let geographic = c.target == "EPSG:4326" || c.target == "EPSG:4258"
            let tolerance = geographic ? 1e-9 : 1e-3  // degrees (~0.1 mm) or 1 mm
            #expect(abs(result.x - c.expected[0]) <= tolerance && abs(result.y - c.expected[1]) <= tolerance,
                    "\(c.place) \(c.source)→\(c.target): \(result) vs \(c.expected)")
            places.insert(c.place)
        }
        #expect(places.count == 16)
    }

    @Test func knownPointAndOperationMetadata() throws {
        let toUTM = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
        #expect(toUTM.operationName.contains("UTM zone 32N"), "\(toUTM.operationName)")
        // Kölner Dom, given longitude first although EPSG:4326 is latitude first.
        let p = try toUTM.transform(Position(longitude: 6.9583, latitude: 50.9413))
        #expect(abs(p.x - 356_570) < 50 && abs(p.y - 5_645_280) < 50, "\(p)")
        let back = try toUTM.inverse.transform(p)
        #expect(abs(back.x - 6.9583) < 1e-9 && abs(back.y - 50.9413) < 1e-9)
        // z passes through (no vertical datum change between these CRSs).
        let withHeight = try toUTM.transform(Position(x: 6.9583, y: 50.9413, z: 53))
        #expect(withHeight.z == 53)
    }

    @Test func failuresNameTheCRSsAndThePosition() throws {
        let toMercator = try Transformer(from: "EPSG:4326", to: "EPSG:3857")
        #expect {
            _ = try toMercator.transform([Position(x: 7, y: 50), Position(x: 7, y: 91)])
        } throws: { error in
            guard case PROJError.transformFailed(let source, let target, let position, let index, let reason) = error else { return false }
            return source == "EPSG:4326" && target == "EPSG:3857" && position == Position(x: 7, y: 91) && index == 1
                && !reason.isEmpty && !reason.contains("4096")
        }
        #expect(throws: PROJError.self) { _ = try Transformer(from: "EPSG:4326", to: "EPSG:999999") }
        #expect(throws: PROJError.self) { _ = try Transformer(pipeline: "+proj=nonsense") }
        // Empty positions pass through untouched.
        #expect(try toMercator.transform(Position.empty).isEmpty)
    }

    @Test func geometriesFeaturesAndLayers() throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("solar/berlin_pv_potential_sample_25833.geojson"))
        let toWGS84 = try Transformer(from: "EPSG:25833", to: "EPSG:4326")
        let geographic = try toWGS84.transform(layer)
        #expect(geographic.crs == .epsg(4326))
        let box = try #require(geographic.boundingBox)
        #expect(box.minX > 13.2 && box.maxX < 13.4 && box.minY > 52.5 && box.maxY < 52.6, "\(box)")
        let back = try toWGS84.inverse.transform(geographic)
        for (a, b) in zip(layer.features, back.features) {
            guard case .point(let p)? = a.geometry, case .point(let q)? = b.geometry else { continue }
            #expect(abs(p.x - q.x) < 1e-6 && abs(p.y - q.y) < 1e-6)
        }
        // Polygons keep their structure and 3D roofs keep their heights.
        let roofs = try GeoJSON.readLayer(atPath: Paths.fixture("buildings/wesel_roofs_sample_25832.geojson"))
        let roofs4326 = try Transformer(from: "EPSG:25832", to: "EPSG:4326").transform(roofs)
        for (a, b) in zip(roofs.features, roofs4326.features) {
            #expect(a.geometry?.positionCount == b.geometry?.positionCount)
            var zs: [Double?] = []
            a.geometry?.forEachPosition { zs.append($0.z) }
            var zs2: [Double?] = []
            b.geometry?.forEachPosition { zs2.append($0.z) }
            #expect(zs == zs2)
        }
    }

    @Test func largeLayersRunInParallelAndAgreeWithSerial() throws {
        var features: [Feature] = []
        for i in 0..<120_000 {
            features.append(Feature(geometry: .point(Position(x: 6 + Double(i % 600) / 100, y: 47.5 + Double(i / 600) / 30))))
        }
        let layer = Layer(name: "grid", crs: .epsg(4326), inferringFieldsFrom: features)
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
        let parallel = try t.transform(layer, parallel: true)
        let serial = try t.transform(layer, parallel: false)
        #expect(parallel.features == serial.features)
        // A failing position in the second half is reported with its feature index.
        var bad = layer
        bad.features[100_001].geometry = .point(Position(x: 7, y: 91))
        #expect {
            _ = try Transformer(from: "EPSG:4326", to: "EPSG:3857").transform(bad)
        } throws: { error in
            guard case PROJError.transformFailed(_, _, _, let index, _) = error else { return false }
            return index == 100_001
        }
    }

    @Test func concurrentTasksShareOneTransformer() async throws {
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
        let expected = try t.transform(Position(x: 7, y: 51))
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let p = try t.transform(Position(x: 7 + Double(task) * 0.01, y: 51 + Double(i) * 0.001))
                        if task == 0 && i == 0 && p != expected { return false }
                        let q = try t.inverse.transform(p)
                        if abs(q.x - (7 + Double(task) * 0.01)) > 1e-9 { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    @Test func boundsAreDensified() throws {
        let t = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
        let box = try t.transformBounds(BoundingBox(minX: 6, minY: 50, maxX: 12, maxY: 54))
        // The corners alone miss the bulge of the 50°N parallel in UTM: its lowest northing
        // is at the central meridian (9°E).
        let corner = try t.transform(Position(x: 6, y: 50))
        let middle = try t.transform(Position(x: 9, y: 50))
        #expect(box.minY <= middle.y + 1e-6)
        #expect(middle.y < corner.y)
        #expect(box.minX <= corner.x)
    }

    @Test func pipelinesTakeDegrees() throws {
        let utm = try Transformer(pipeline: "+proj=utm +zone=32 +ellps=GRS80")
        let viaCRS = try Transformer(from: "EPSG:4258", to: "EPSG:25832")
        let p = Position(x: 9, y: 51)
        let a = try utm.transform(p), b = try viaCRS.transform(p)
        #expect(abs(a.x - b.x) < 1e-6 && abs(a.y - b.y) < 1e-6)
        let back = try utm.inverse.transform(a)
        #expect(abs(back.x - 9) < 1e-10 && abs(back.y - 51) < 1e-10)
    }
}

@Suite struct AreaOfUseTests {
    @Test func swappedOrForeignCoordinatesAreRejectedWhenAsked() throws {
        let strict = try Transformer(from: "EPSG:4326", to: "EPSG:25832", checkingAreaOfUse: true)
        let area = try #require(strict.areaOfUse)
        #expect(area.bounds.contains(Position(x: 7, y: 51)) && !area.bounds.contains(Position(x: 51, y: 7)), "\(area)")
        #expect(try strict.transform(Position(x: 7, y: 51)).x > 300_000)
        // Latitude and longitude swapped: 51°E, 7°N is far outside UTM 32N's area.
        #expect {
            _ = try strict.transform([Position(x: 7, y: 51), Position(x: 51, y: 7)])
        } throws: { error in
            guard case PROJError.outsideAreaOfUse(_, _, let p, let index, let name) = error else { return false }
            return p == Position(x: 51, y: 7) && index == 1 && !name.isEmpty && "\(error)".contains("swapped")
        }
        // The same from a projected source: Essen's zone-prefixed easting read as EPSG:25832.
        let fromUTM = try Transformer(from: "EPSG:25832", to: "EPSG:4326", checkingAreaOfUse: true)
        #expect(throws: PROJError.self) { _ = try fromUTM.transform(Position(x: 32_360_000, y: 5_700_000)) }
        #expect(try fromUTM.transform(Position(x: 360_000, y: 5_700_000)).y > 51)
        // A layer names the feature.
        var features = (0..<60_000).map { Feature(geometry: .point(Position(x: 7 + Double($0 % 100) / 100, y: 51))) }
        features[55_555].geometry = .point(Position(x: 120, y: 51))
        #expect {
            _ = try strict.transform(Layer(name: "x", crs: .epsg(4326), inferringFieldsFrom: features))
        } throws: { error in
            guard case PROJError.outsideAreaOfUse(_, _, _, let index, _) = error else { return false }
            return index == 55_555
        }
        // Without the check PROJ extrapolates, as pyproj does.
        #expect(try Transformer(from: "EPSG:4326", to: "EPSG:25832").transform(Position(x: 51, y: 7)).x.isFinite)
    }
}
