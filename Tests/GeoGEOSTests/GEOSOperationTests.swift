import Foundation
import GeoKit
import TestSupport
import Testing

@Suite struct GEOSOperationTests {
    let square = try! WKT.decode("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
    let shifted = try! WKT.decode("POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))")

    @Test func conversionRoundTripsEveryKindIncludingZAndEmpties() throws {
        let samples = [
            "POINT (1 2)", "POINT Z (1 2 3)", "POINT EMPTY", "LINESTRING (0 0, 1 1, 2 0)", "LINESTRING EMPTY",
            "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", "POLYGON EMPTY",
            "MULTIPOINT ((1 2), (3 4))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
            "MULTIPOLYGON Z (((0 0 1, 1 0 1, 1 1 1, 0 0 1)), ((5 5 2, 6 5 2, 6 6 2, 5 5 2)))",
            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "GEOMETRYCOLLECTION EMPTY",
        ]
        for text in samples {
            let g = try WKT.decode(text)
            // normalized() converts to GEOS and back; exact equality with itself proves the round trip.
            #expect(try g.isExactlyEqual(to: g), "\(text)")
            #expect(try g.reversed().reversed() == g, "\(text)")
        }
    }

    @Test func predicatesAndRelate() throws {
        #expect(try square.intersects(shifted))
        #expect(try square.overlaps(shifted))
        #expect(try !square.contains(shifted))
        #expect(try square.relate(shifted) == "212101212")
        #expect(try square.relate(shifted, pattern: "T*T***T**"))
        let inside = Geometry.point(Position(x: 5, y: 5))
        #expect(try square.contains(inside))
        #expect(try inside.isWithin(square))
        #expect(try square.covers(.point(Position(x: 0, y: 5))))
        #expect(try !square.contains(.point(Position(x: 0, y: 5))), "boundary points are covered, not contained")
        #expect(try square.touches(try WKT.decode("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))")))
        #expect(try square.isWithinDistance(5.1, of: .point(Position(x: 15, y: 5))))
        #expect(try !square.isWithinDistance(4.9, of: .point(Position(x: 15, y: 5))))
    }

    @Test func overlayMeasuresAndConstructiveOperations() throws {
        #expect(try square.intersection(shifted).area() == 25)
        #expect(try square.union(shifted).area() == 175)
        #expect(try square.difference(shifted).area() == 75)
        #expect(try square.symmetricDifference(shifted).area() == 150)
        #expect(try square.length() == 40)
        #expect(try square.planarDistance(to: .point(Position(x: 13, y: 14))) == 5)
        #expect(try square.centroid() == .point(Position(x: 5, y: 5)))
        #expect(try square.envelope().area() == 100)
        let circle = try Geometry.point(Position(x: 0, y: 0)).buffered(by: 10, options: BufferOptions(quadrantSegments: 32))
        #expect(abs(try circle.area() - .pi * 100) < 0.5)
        let box = try Geometry.point(Position(x: 0, y: 0)).buffered(by: 10, options: BufferOptions(capStyle: .square))
        #expect(try box.area() == 400)
        let line = try WKT.decode("LINESTRING (0 0, 10 0)")
        let left = try line.buffered(by: 2, options: BufferOptions(capStyle: .flat, singleSided: true))
        #expect(abs(try left.area() - 20) < 1e-9)
        #expect(try line.interpolated(at: 2.5) == .point(Position(x: 2.5, y: 0)))
        #expect(try line.projectedDistance(of: .point(Position(x: 7, y: 3))) == 7)
        let (a, b) = try line.nearestPoints(to: .point(Position(x: 4, y: 3)))
        #expect(a == Position(x: 4, y: 0) && b == Position(x: 4, y: 3))
        #expect(try Geometry.union(of: [square, shifted, .point(Position(x: 20, y: 20))]).type == .geometryCollection)
        let dense = try line.densified(tolerance: 1)
        #expect(dense.positionCount == 11)
        #expect(try square.clipped(to: BoundingBox(minX: 0, minY: 0, maxX: 5, maxY: 5)).area() == 25)
        #expect(try WKT.decode("MULTILINESTRING ((0 0, 1 1), (1 1, 2 2))").lineMerged() == .lineString([Position(x: 0, y: 0), Position(x: 1, y: 1), Position(x: 2, y: 2)]))
    }

    @Test func validityReasonLocationAndRepair() throws {
        let bowtie = try WKT.decode("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        let problem = try #require(try bowtie.validityProblem())
        #expect(problem.reason.contains("Self-intersection"))
        #expect(problem.location == Position(x: 5, y: 5))
        #expect(try !bowtie.isValid())
        #expect(try square.isValid())
        let repaired = try bowtie.makeValid()
        #expect(try repaired.isValid())
        #expect(abs(try repaired.area() - 50) < 1e-9)
        let structural = try bowtie.makeValid(method: .structure(keepCollapsed: false))
        #expect(try structural.isValid())
        #expect(try WKT.decode("LINESTRING (0 0, 10 10, 10 0, 0 10)").isSimple() == false)
        #expect(try WKT.decode("LINESTRING (0 0, 1 0, 1 1, 0 0)").isRing())
    }

    @Test func geosExceptionsBecomeErrorsWithGEOSsMessage() {
        #expect {
            _ = try square.interpolated(at: 1)
        } throws: { error in
            guard let e = error as? GEOSError else { return false }
            return e.operation == "interpolate" && !e.message.isEmpty
        }
        #expect(throws: GEOSError.self) { _ = try square.relate(shifted, pattern: "not a pattern") }
    }

    @Test func preparedGeometryAgreesWithPlainPredicatesFromManyTasks() async throws {
        let district = try GeoJSON.readLayer(atPath: Paths.fixture("admin/wesel_kreis_vg5000.geojson")).features[0].geometry!
        let prepared = try PreparedGeometry(district)
        let box = try #require(district.boundingBox)
        var points: [Position] = []
        for i in 0..<40 {
            for j in 0..<40 {
                points.append(Position(x: box.minX + box.width * Double(i) / 39, y: box.minY + box.height * Double(j) / 39))
            }
        }
        let grid = points
        let expected = try grid.map { try district.contains(.point($0)) }
        #expect(expected.contains(true) && expected.contains(false))
        #expect(try prepared.contains(grid) == expected)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for (k, p) in grid.enumerated() where k % 8 == task {
                        if try prepared.contains(.point(p)) != expected[k] { return false }
                        if try district.intersects(.point(p)) != expected[k] && !(try district.touches(.point(p))) { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
        #expect(try prepared.isWithinDistance(0.01, of: .point(Position(x: box.minX - 0.005, y: (box.minY + box.maxY) / 2))) == (try district.isWithinDistance(0.01, of: .point(Position(x: box.minX - 0.005, y: (box.minY + box.maxY) / 2)))))
    }

    @Test func invalidInputToAnOverlayIsATopologyError() {
        let bowtie = try! WKT.decode("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        #expect {
            _ = try bowtie.intersection(try WKT.decode("POLYGON ((5 0, 15 0, 15 10, 5 10, 5 0))"))
        } throws: { error in
            guard let e = error as? GEOSError else { return false }
            return e.operation == "intersection" && e.message.contains("TopologyException") && e.message.contains("Self-intersection")
        }
    }

    @Test func strTreeAgreesWithBruteForce() throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/switzerland_osm_aed_sample.geojson"))
        let geometries = layer.features.compactMap(\.geometry)
        let tree = try STRtree(geometries)
        #expect(tree.count == geometries.count)
        let queries = [Position(x: 8.5, y: 47.4), Position(x: 7.4, y: 46.9), Position(x: 9.0, y: 46.0), Position(x: 0, y: 0)]
        for q in queries {
            let point = Geometry.point(q)
            var brute: [(index: Int, distance: Double)] = []
            for i in geometries.indices { brute.append((index: i, distance: try geometries[i].planarDistance(to: point))) }
            brute.sort { a, b in a.distance < b.distance || (a.distance == b.distance && a.index < b.index) }
            for k in [1, 3, 10, 100] {
                let found = try tree.nearest(to: point, count: k)
                let expected = Array(brute.prefix(k))
                let foundDistances: [Double] = found.map { $0.distance }
                let expectedDistances: [Double] = expected.map { $0.distance }
                #expect(foundDistances == expectedDistances, "k=\(k) at \(q)")
                #expect(found.count == min(k, geometries.count))
            }
        }
        // Query by geometry with a predicate.
        let area = try Geometry.point(Position(x: 8.5, y: 47.4)).buffered(by: 0.3)
        let hits = try tree.query(area, predicate: .contains)
        let expected = try geometries.indices.filter { try area.contains(geometries[$0]) }
        #expect(hits == expected)
        #expect(!hits.isEmpty)
        let box = try #require(area.boundingBox)
        let byBox = try tree.query(intersecting: box)
        #expect(Set(hits).isSubset(of: Set(byBox)))
        #expect(try STRtree([]).nearest(to: .point(Position(x: 0, y: 0))).isEmpty)
    }
}
