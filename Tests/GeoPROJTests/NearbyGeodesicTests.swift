import Foundation
import GeoCore
@testable import GeoPROJ
import TestSupport
import Testing

/// The short-line formula behind the nearest searches, held to Karney's algorithm (PROJ).
@Suite struct NearbyGeodesicTests {
    @Test func agreesWithKarneyEverywhereBelowTheLimit() {
        var random = RandomStream(seed: 42)
        let geodesic = Geodesic.wgs84
        var worstDistance = 0.0, worstRelative = 0.0, worstAzimuth = 0.0, worstSideways = 0.0, tried = 0
        for _ in 0..<200_000 {
            let start = Position(x: random.next() * 360 - 180, y: random.next() * 178 - 89)
            let length = exp(log(0.01) + random.next() * (log(Ellipsoid.nearbyChordLimit) - log(0.01)))
            let end = geodesic.destination(from: start, azimuth: random.next() * 360 - 180, distance: length).position
            let exact = geodesic.inverse(from: start, to: end)
            guard let fast = geodesic.ellipsoid.nearbyInverse(from: start, to: end) else { continue }
            tried += 1
            worstDistance = max(worstDistance, abs(fast.distance - exact.distance))
            worstRelative = max(worstRelative, abs(fast.distance - exact.distance) / exact.distance)
            var dAz = abs(fast.azimuth - exact.initialAzimuth)
            if dAz > 180 { dAz = 360 - dAz }
            worstAzimuth = max(worstAzimuth, dAz)
            worstSideways = max(worstSideways, dAz * .pi / 180 * exact.distance)
        }
        print("nearbyInverse vs geod_inverse over \(tried) lines: distance \(worstDistance) m (relative \(worstRelative)), azimuth \(worstAzimuth)° (\(worstSideways) m sideways at the far end)")
        #expect(tried > 190_000)
        #expect(worstDistance < 1e-6)  // a micrometre; measured: nanometres
        #expect(worstSideways < 1e-4)  // a tenth of a millimetre at the far end
        #expect(worstAzimuth < 1e-4)
    }

    @Test func declinesLongLinesAndThePoles() throws {
        let geodesic = Geodesic.wgs84
        let koeln = Position(x: 6.9583, y: 50.9413)
        #expect(geodesic.ellipsoid.nearbyInverse(from: koeln, to: Position(x: 13.405, y: 52.52)) == nil)
        #expect(geodesic.ellipsoid.nearbyInverse(from: Position(x: 0, y: 89.9), to: Position(x: 90, y: 89.9)) == nil)
        let same = try #require(geodesic.ellipsoid.nearbyInverse(from: koeln, to: koeln))
        #expect(same.distance == 0)
        #expect(same.azimuth == 0)
        // Across the antimeridian the line is short, and the formula takes it.
        let across = try #require(geodesic.ellipsoid.nearbyInverse(from: Position(x: 179.99, y: -17), to: Position(x: -179.99, y: -17)))
        #expect(abs(across.distance - geodesic.distance(from: Position(x: 179.99, y: -17), to: Position(x: -179.99, y: -17))) < 1e-6)
        #expect(abs(across.azimuth - 90) < 0.01)
    }

    /// The chord bounds used to rank candidates without geodesics: lower ≤ exact ≤ upper.
    @Test func chordBoundsHoldFromMillimetresToContinents() {
        var random = RandomStream(seed: 7)
        let geodesic = Geodesic.wgs84
        for _ in 0..<100_000 {
            let start = Position(x: random.next() * 360 - 180, y: random.next() * 180 - 90)
            let length = exp(log(0.001) + random.next() * (log(19_000_000) - log(0.001)))
            let end = geodesic.destination(from: start, azimuth: random.next() * 360, distance: length).position
            let exact = geodesic.distance(from: start, to: end)
            let chord = geodesic.distanceLowerBound(from: start, to: end)
            #expect(chord <= exact + 1e-8, "chord \(chord) over \(exact)")
            #expect(exact <= geodesic.distanceUpperBound(forChord: chord), "upper bound under \(exact) for chord \(chord)")
        }
    }
}
