import Foundation
import GeoKit
import TestSupport
import Testing

/// PROJ's own `gie` cases (Europe-relevant files, converted to JSON in
/// ../shared/peer-suites/proj/gie-json) driven through GeoKit's `Transformer(pipeline:)`,
/// and Karney's geodesic test cases through `Geodesic`.
@Suite struct PeerSuiteTests {
    struct GieFile: Decodable {
        let cases: [GieCase]
    }

    struct GieCase: Decodable {
        let id: String
        let operation: String
        let direction: String
        let kind: String
        let accept: [Double]?
        let expect: [Double]?
        let tolerance_m: Double?
        let distance: String?
        let angular_out: Bool?
        let reference: String?
        let ntrips: Int?
    }

    /// Geodesic distance (WGS 84) plus height difference between two geographic
    /// positions, like PROJ's `proj_lpz_dist`; Euclidean for projected ones.
    func deviation(_ got: [Double], _ expected: [Double], angular: Bool) -> Double {
        if angular {
            let d = Geodesic.wgs84.distance(from: Position(x: got[0], y: got[1]), to: Position(x: expected[0], y: expected[1]))
            let dz = got.count > 2 && expected.count > 2 ? got[2] - expected[2] : 0
            return (d * d + dz * dz).squareRoot()
        }
        var sum = 0.0
        for i in 0..<min(got.count, expected.count, 3) { sum += (got[i] - expected[i]) * (got[i] - expected[i]) }
        return sum.squareRoot()
    }

    func run(_ c: GieCase) -> (passed: Bool, detail: String) {
        let transformer: Transformer
        do {
            let forward = try Transformer(pipeline: c.operation)
            transformer = c.direction == "inverse" ? try forward.inverse : forward
        } catch {
            return (c.kind == "failure", "creation failed: \(error)")
        }
        guard let accept = c.accept else { return (false, "no input") }
        let input = Position(x: accept[0], y: accept[1], z: accept.count > 2 ? accept[2] : nil)
        switch c.kind {
        case "failure":
            do {
                let out = try transformer.transform(input)
                return (false, "expected a failure, got \(out)")
            } catch {
                return (true, "")
            }
        case "roundtrip":
            do {
                let inverse = try transformer.inverse
                var x = [accept[0]], y = [accept[1]]
                var z: [Double]? = accept.count > 2 ? [accept[2]] : nil
                var time: [Double]? = accept.count > 3 ? [accept[3]] : nil
                for _ in 0..<(c.ntrips ?? 100) {
                    try transformer.transform(x: &x, y: &y, z: &z, time: &time)
                    try inverse.transform(x: &x, y: &y, z: &z, time: &time)
                }
                let d = deviation([x[0], y[0], z?[0] ?? 0], [input.x, input.y, input.z ?? 0], angular: c.angular_out == false)
                return (d <= (c.tolerance_m ?? 0), "round trip drifted \(d) m")
            } catch {
                return (false, "\(error)")
            }
        default:
            do {
                var x = [accept[0]], y = [accept[1]]
                var z: [Double]? = accept.count > 2 ? [accept[2]] : nil
                var time: [Double]? = accept.count > 3 ? [accept[3]] : nil
                try transformer.transform(x: &x, y: &y, z: &z, time: &time)
                let out = Position(x: x[0], y: y[0], z: z?[0])
                guard let expect = c.expect else { return (false, "no expectation") }
                let d = deviation([out.x, out.y, out.z ?? 0], expect, angular: c.angular_out == true)
                return (d <= (c.tolerance_m ?? 0), "deviation \(d) m > \(c.tolerance_m ?? 0) m; got \(out)")
            } catch {
                return (false, "\(error)")
            }
        }
    }

    /// Every case the installed libproj passes passes through GeoKit; the ones it fails
    /// (missing or different grids in Debian's proj-data, see the suite's README) fail here too.
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func gieEuropeCoreCasesMatchLibproj() throws {
        let shared = Paths.shared!
        let data = try Data(contentsOf: URL(fileURLWithPath: shared + "/peer-suites/proj/gie-json/europe-core.json"))
        let file = try JSONDecoder().decode(GieFile.self, from: data)
        #expect(file.cases.count == 519)
        var agree = 0
        var passed = 0
        for c in file.cases {
            let (ok, detail) = run(c)
            if ok { passed += 1 }
            if ok == (c.reference == "pass") { agree += 1 } else {
                Issue.record("\(c.id) [\(c.kind)] \(c.operation): ours \(ok ? "pass" : "fail"), libproj \(c.reference ?? "?"): \(detail)")
            }
        }
        #expect(agree == file.cases.count)
        #expect(passed == 514)
    }

    struct GeodesicFile: Decodable {
        struct Case: Decodable {
            let lat1, lon1, azi1, lat2, lon2, azi2, s12: Double
        }
        let cases: [Case]
    }

    /// Karney's 20 reference geodesics (GeographicLib, as in PROJ's geodtest.c).
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func geodesicsMatchKarneysReferenceCases() throws {
        let shared = Paths.shared!
        let data = try Data(contentsOf: URL(fileURLWithPath: shared + "/peer-suites/proj/src/tests/geodtest_cases.json"))
        let file = try JSONDecoder().decode(GeodesicFile.self, from: data)
        #expect(file.cases.count == 20)
        for c in file.cases {
            let a = Position(x: c.lon1, y: c.lat1), b = Position(x: c.lon2, y: c.lat2)
            let inverse = Geodesic.wgs84.inverse(from: a, to: b)
            #expect(abs(inverse.distance - c.s12) <= 1e-3, "s12 \(inverse.distance) vs \(c.s12)")
            #expect(abs(inverse.distance - c.s12) <= 1e-8 * max(1, c.s12 / 1e7), "s12 to the upstream tolerance")
            #expect(abs(inverse.initialAzimuth - c.azi1) <= 1e-9)
            #expect(abs(inverse.finalAzimuth - c.azi2) <= 1e-9)
            let direct = Geodesic.wgs84.destination(from: a, azimuth: c.azi1, distance: c.s12)
            #expect(abs(direct.position.y - c.lat2) <= 1e-9)
            let dLon = (direct.position.x - c.lon2).truncatingRemainder(dividingBy: 360)
            #expect(min(abs(dLon), 360 - abs(dLon)) <= 1e-9, "lon2 \(direct.position.x) vs \(c.lon2)")
            #expect(Geodesic.wgs84.distanceLowerBound(from: a, to: b) <= inverse.distance + 1e-6)
        }
    }

    @Test func geodesicLengthsAndAreas() throws {
        let koeln = Position(x: 6.9583, y: 50.9413), berlin = Position(x: 13.4050, y: 52.5200)
        let d = Geodesic.wgs84.distance(from: koeln, to: berlin)
        #expect(abs(d - 478_000) < 2_000)
        #expect(Geodesic.wgs84.length(of: [koeln, berlin, koeln]) == 2 * d)
        // A 0.01° × 0.01° cell at 51°N: about 1112 m × 700 m.
        let ring = [Position(x: 7, y: 51), Position(x: 7.01, y: 51), Position(x: 7.01, y: 51.01), Position(x: 7, y: 51.01), Position(x: 7, y: 51)]
        let (area, perimeter) = Geodesic.wgs84.areaAndPerimeter(ofPolygon: [ring])
        #expect(abs(area - 1_112.3 * 700.5) < 2_000, "\(area)")
        #expect(abs(perimeter - 2 * (1_112.3 + 700.5)) < 5)
        // Clockwise ring: same area (signed-ring aware), hole subtracts.
        let (clockwise, _) = Geodesic.wgs84.areaAndPerimeter(ofPolygon: [ring.reversed()])
        #expect(abs(clockwise - area) < 1e-6)
        #expect(Geodesic.wgs84.signedAreaAndPerimeter(ofRing: ring).area > 0)
        #expect(Geodesic.wgs84.signedAreaAndPerimeter(ofRing: ring.reversed()).area < 0)
        let hole = [Position(x: 7.004, y: 51.004), Position(x: 7.004, y: 51.006), Position(x: 7.006, y: 51.006), Position(x: 7.006, y: 51.004), Position(x: 7.004, y: 51.004)]
        #expect(Geodesic.wgs84.area(of: .polygon([ring, hole])) < area)
    }
}
