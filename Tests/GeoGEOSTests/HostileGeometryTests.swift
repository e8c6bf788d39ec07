import Foundation
import GeoKit
import Testing

/// Inputs on which GEOS 3.11 crashed, overflowed its stack or never returned: each is
/// now an error or a defined answer before GEOS sees it (issue 13, finding 4).
@Suite struct HostileGeometryTests {
    let line = try! WKT.decode("LINESTRING (0 0, 1 1)")

    @Test func distancesBetweenShapesNeedBothToHavePoints() throws {
        for empty in ["POINT EMPTY", "LINESTRING EMPTY", "MULTIPOINT (EMPTY)", "GEOMETRYCOLLECTION EMPTY"] {
            let g = try WKT.decode(empty)
            #expect(g.isEmpty, "\(empty)")
            #expect(throws: GEOSError.self) { try g.frechetDistance(to: line) }
            #expect(throws: GEOSError.self) { try line.frechetDistance(to: g) }
            #expect(throws: GEOSError.self) { try line.hausdorffDistance(to: g) }
            #expect(throws: GEOSError.self) { try g.hausdorffDistance(to: line, densifyFraction: 0.5) }
        }
    }

    @Test func emptyPartsOfCollectionsAreLeftOutForGEOS() throws {
        let multi = try WKT.decode("MULTIPOINT (EMPTY, (1 2))")
        #expect(try multi.pointOnSurface() == .point(Position(x: 1, y: 2)))
        #expect(try multi.isSimple())
        #expect(try multi.isWithin(.point(Position(x: 1, y: 2))))
        #expect(try multi.densified(tolerance: 1).positionCount == 1)
        #expect(try WKT.decode("MULTILINESTRING (EMPTY, (1 2, 3 4))").densified(tolerance: 1).positionCount == 4)
        #expect(try WKT.decode("GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 2))").pointOnSurface() == .point(Position(x: 1, y: 2)))
        #expect(try multi.minimumClearance() == .infinity)
    }

    @Test func nonFiniteCoordinatesNeverReachGEOS() throws {
        let nan = Geometry.point(Position(x: .nan, y: 1))
        let infinite = Geometry.polygon([[Position(x: 0, y: 0), Position(x: .infinity, y: 0), Position(x: .nan, y: 1), Position(x: 0, y: 0)]])
        let other = Geometry.point(Position(x: 1, y: 1))
        for (name, operation) in [
            ("intersection", { _ = try nan.intersection(other) }),
            ("difference", { _ = try nan.difference(other) }),
            ("minimum clearance", { _ = try nan.minimumClearance() }),
            ("simplify", { _ = try infinite.simplifiedPreservingTopology(tolerance: 1) }),
            ("frechet", { _ = try infinite.frechetDistance(to: other) }),
        ] as [(String, () throws -> Void)] {
            #expect(throws: GEOSError.self, "\(name)") { try operation() }
        }
    }

    @Test func ringsTooSmallToSquareAreRefusedBySimplification() throws {
        for text in ["POLYGON ((0 0, 1e-320 0, 1e-320 1e-320, 0 0))", "POLYGON ((0 0, 1e-200 0, 1e-200 1e-200, 0 0))",
                     "MULTIPOLYGON (((0 0, 1e-200 0, 1e-200 1e-200, 0 0)), ((10 10, 11 10, 11 11, 10 10)))",
                     "LINESTRING (0 0, 1e-200 0, 1e-200 1e-200, 0 0)"] {
            let g = try WKT.decode(text)
            #expect(throws: GEOSError.self, "\(text)") { try g.simplifiedPreservingTopology(tolerance: 0) }
        }
        // Small but still squarable: simplified as before.
        let small = try WKT.decode("POLYGON ((0 0, 1e-150 0, 1e-150 1e-150, 0 0))")
        #expect(try small.simplifiedPreservingTopology(tolerance: 0) == small)
        #expect(throws: GEOSError.self) { try small.simplifiedPreservingTopology(tolerance: .nan) }
    }

    @Test func bufferOptionsAreRangeChecked() throws {
        let p = Geometry.point(Position(x: 0, y: 0))
        for segments in [-10_001, 10_001, 2_147_483_648, Int.max, Int.min] {
            #expect(throws: GEOSError.self, "\(segments)") { try p.buffered(by: 1, options: BufferOptions(quadrantSegments: segments)) }
        }
        #expect(throws: GEOSError.self) { try p.buffered(by: .infinity) }
        #expect(throws: GEOSError.self) { try p.buffered(by: 1, options: BufferOptions(mitreLimit: .nan)) }
        #expect(try p.buffered(by: 1, options: BufferOptions(quadrantSegments: 1)).positionCount == 5)
        #expect(try p.buffered(by: 1, options: BufferOptions(quadrantSegments: 0)).positionCount == 5, "GEOS takes 0 as 1")
    }
}
